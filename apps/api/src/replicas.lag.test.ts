// The lag bound on a real streaming replica: while its WAL replay is paused and the primary writes,
// the replica falls behind past REPLICA_MAX_LAG_MS and is skipped (pick() answers the primary);
// resumed, it catches up and serves again by itself. Its own primary and replica, never the shared Postgres.
import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PrivatePostgres, Sandbox, sleep } from './testing/engines.ts'
import { PrivateReplica } from './testing/pg-replica.ts'
import { openReplicas, type ReplicaSet } from './replicas.ts'

let primary: PrivatePostgres
let replica: PrivateReplica
let set: ReplicaSet
beforeAll(async () => {
  primary = await PrivatePostgres.create(new Sandbox({ prefix: 'mosaic-replica-lag' }))
  replica = await PrivateReplica.create(primary.sandbox, primary)
  set = await openReplicas({ primaryUrl: primary.url, urls: [replica.url], poolSize: 1, maxLagMs: 1000 })
}, 180_000)
afterAll(async () => {
  await set?.close()
  primary?.sandbox.destroySync()
})

async function until(what: string, condition: () => boolean) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (condition()) return
    await sleep(25)
  }
  throw new Error(`never: ${what} (${JSON.stringify(set.status())})`)
}

it('skips a replica that lags past the bound and takes it back once it has caught up', async () => {
  await until('healthy and picked at start', () => set.status()[0]?.healthy === true && set.pick()?.url === replica.url)

  const onPrimary = postgres(primary.url, { max: 1, onnotice: () => {} })
  const onReplica = postgres(replica.url, { max: 1, onnotice: () => {} })
  try {
    await onReplica`select pg_wal_replay_pause()`
    await onPrimary`create table lag_probe (n int)`
    // Writes keep coming while replay stands still: the replica's lag grows past 1 s.
    const behindEnough = () => set.status()[0]!.lagSeconds > 1 && set.status()[0]!.lagBytes > 0
    for (let i = 0, deadline = Date.now() + 60_000; Date.now() < deadline && !behindEnough(); i++) {
      await onPrimary`insert into lag_probe values (${i})`
      await sleep(25)
    }
    const [behind] = set.status()
    expect(behind).toMatchObject({ healthy: false })
    expect(behind!.lagSeconds).toBeGreaterThan(1)
    expect(behind!.lagBytes).toBeGreaterThan(0)
    expect(set.pick()).toBeNull()

    await onReplica`select pg_wal_replay_resume()`
    await until('healthy and picked after catching up', () => set.status()[0]?.healthy === true && set.pick()?.url === replica.url)
  } finally {
    await onReplica`select pg_wal_replay_resume()`.catch(() => {})
    await Promise.all([onPrimary.end({ timeout: 1 }), onReplica.end({ timeout: 1 })])
  }
})
