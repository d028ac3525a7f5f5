// The streaming-replica harness itself: a row written on the primary is replayed on the replica, and
// a replica stopped and started again streams again and catches up.
import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PrivatePostgres, Sandbox } from './testing/engines.ts'
import { PrivateReplica } from './testing/pg-replica.ts'

let primary: PrivatePostgres
let replica: PrivateReplica
beforeAll(async () => {
  primary = await PrivatePostgres.create(new Sandbox({ prefix: 'mosaic-replica-harness' }))
  replica = await PrivateReplica.create(primary.sandbox, primary)
}, 180_000)
afterAll(() => primary?.sandbox.destroySync())

it('replays the primary\'s writes, also after the replica was stopped and started', async () => {
  const p = postgres(primary.url, { max: 1, onnotice: () => {} })
  const r = postgres(replica.url, { max: 1, onnotice: () => {} })
  try {
    await p`create table t (n int)`
    await p`insert into t values (1)`
    await replica.caughtUp()
    expect(await r`select n from t`).toEqual([{ n: 1 }])
    const [row] = await r<{ standby: boolean }[]>`select pg_is_in_recovery() as standby`
    expect(row?.standby).toBe(true)

    await r.end()
    await replica.stop()
    await p`insert into t values (2)`
    await replica.start()
    await replica.caughtUp()
    const r2 = postgres(replica.url, { max: 1, onnotice: () => {} })
    expect(await r2`select n from t order by n`).toEqual([{ n: 1 }, { n: 2 }])
    await r2.end()
  } finally {
    await p.end()
    await r.end()
  }
})
