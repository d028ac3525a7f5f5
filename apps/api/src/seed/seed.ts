// `pnpm seed --users N --posts M`: a realistic dataset, generated inside the database with set-based
// inserts (generate_series), so a million posts take minutes, not hours.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { posts as corePosts, type feed } from '@mosaic/core'
import { rows, sql, type Db } from '@mosaic/db'
import { sha256Hex } from '@mosaic/util'
import { hash } from '@node-rs/argon2'
import { seedPosts, textArray } from './text.ts'
import { FIRST_NAMES, LAST_NAMES } from './vocabulary.ts'

export const SEED_PASSWORD = 'mosaic-seed-password'
const FIXTURE_POOL = ['flowers.jpeg', 'Landscape_1.jpg', 'Landscape_9.jpg', 'concert.jpg', 'hopper.gif', 'swiss.png', 'blackbug.png', 'lossy.webp', 'progressive.jpg', 'with-alpha.png']

export type SeedOptions = { users: number; posts: number; readers: number; fixtures: string; log(msg: string): void }

const time = async <T>(log: (m: string) => void, label: string, f: () => Promise<T>): Promise<T> => {
  const t0 = performance.now()
  const r = await f()
  log(`  ${label.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return r
}

export async function seed(deps: corePosts.IngestDeps & { timelines: feed.Timelines | null }, opts: SeedOptions) {
  const db: Db = deps.db
  const { log } = opts
  const N = opts.users
  const exec = (q: ReturnType<typeof sql>) => db.execute(q)

  await exec(sql`create or replace function seed_uuid7(ts timestamptz) returns uuid language sql volatile as $$
    select (lpad(to_hex((extract(epoch from ts) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3)
      || (array['8','9','a','b'])[1 + floor(random() * 4)::int] || substr(md5(random()::text), 1, 15))::uuid $$`)

  // A pool of real photos through the real pipeline: every seeded post points at one of them.
  const pool = await time(log, 'photo pool (real pipeline)', async () => {
    const files = FIXTURE_POOL.map((name, index) => {
      const file = path.join(opts.fixtures, name)
      const data = readFileSync(file)
      return { index, name, contentType: 'application/octet-stream', path: file, bytes: data.length, sha256: sha256Hex(data), kind: 'image' as const }
    })
    const values = await corePosts.ingestUploads(deps, files)
    const ids = await db.transaction((tx) => corePosts.upsertMedia(tx, values))
    return [...ids.values()]
  })

  const passwordHash = await hash(SEED_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 })
  await time(log, `${N.toLocaleString()} users`, () =>
    exec(sql`insert into users (id, username, email, password_hash, display_name, bio, created_at, updated_at)
      select seed_uuid7(now() - interval '90 days' + i * interval '1 second'), 'user' || i, 'user' || i || '@seed.mosaic.test', ${passwordHash},
        (${textArray(FIRST_NAMES)})[1 + (i::bigint * 7919) % ${FIRST_NAMES.length}] || ' ' || (${textArray(LAST_NAMES)})[1 + (i::bigint * 104729 + i / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}],
        'Photos by user' || i, now() - interval '90 days', now()
      from generate_series(1, ${N}) i
      on conflict do nothing`),
  )
  await exec(sql`drop table if exists seed_ord`)
  await exec(sql`create unlogged table seed_ord as select row_number() over (order by created_at, id)::int as ord, id from users where email like '%@seed.mosaic.test'`)
  await exec(sql`create unique index on seed_ord (ord)`)
  const [{ n: seeded } = { n: 0 }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from seed_ord`)

  // Power-law follows: each person follows 20–180 accounts, drawn with P(rank) ∝ rank^-3/4, so the
  // first accounts end up with ~100k followers and most with a few dozen.
  await time(log, 'follows (power law)', async () => {
    const chunk = 5000
    for (let a = 1; a <= seeded; a += chunk) {
      await exec(sql`insert into follows (follower_id, followee_id, state, created_at, accepted_at)
        select f.id, t.id, 'accepted', now() - random() * interval '80 days', now()
        from seed_ord f
        cross join lateral (select (1 + floor(${seeded} * power(random(), 4)))::int as ord
                            from generate_series(1, (20 + floor(random() * 160))::int) where f.ord > 0) g
        join seed_ord t on t.ord = g.ord
        where f.ord between ${a} and ${a + chunk - 1} and t.id <> f.id
        on conflict do nothing`)
    }
    await exec(sql`update users u set follower_count = x.n from (select followee_id, count(*)::int n from follows where state = 'accepted' group by followee_id) x where x.followee_id = u.id`)
    await exec(sql`update users u set following_count = x.n from (select follower_id, count(*)::int n from follows where state = 'accepted' group by follower_id) x where x.follower_id = u.id`)
  })

  // Posts over the last 30 days, denser towards now; prolific authors are the popular ones. Text is
  // drawn in seed/text.ts; every row is written once, search document included.
  await time(log, `${opts.posts.toLocaleString()} posts with photos, text, places and tags`, () => seedPosts(db, { posts: opts.posts, authors: seeded, pool }))

  // Engagement skewed to recent posts by popular authors.
  await time(log, 'likes and comments', async () => {
    await exec(sql`insert into likes (post_id, user_id, created_at)
      select p.id, u.id, p.created_at + random() * (now() - p.created_at)
      from posts p
      join users a on a.id = p.author_id
      cross join lateral (select (1 + floor(${seeded} * random()))::int as ord
                          from generate_series(1, least(60, (random() * (2 + a.follower_count / 200.0))::int)) where p.id is not null) g
      join seed_ord u on u.ord = g.ord
      where p.created_at > now() - interval '10 days'
      on conflict do nothing`)
    await exec(sql`insert into comments (id, post_id, author_id, text, created_at)
      select seed_uuid7(c), p.id, u.id, (array['Love this!','Beautiful light','Where is this?','So good 😍','Wow'])[1 + floor(random() * 5)::int], c
      from (select p.id, p.created_at + random() * (now() - p.created_at) as c, (1 + floor(${seeded} * random()))::int as ord
            from posts p where p.created_at > now() - interval '10 days' and random() < 0.15) p
      join seed_ord u on u.ord = p.ord`)
  })

  await time(log, 'counters and statistics', async () => {
    await exec(sql`update posts p set like_count = x.n from (select post_id, count(*)::int n from likes group by post_id) x where x.post_id = p.id`)
    await exec(sql`update posts p set comment_count = x.n from (select post_id, count(*)::int n from comments group by post_id) x where x.post_id = p.id`)
    await exec(sql`update users u set post_count = x.n from (select author_id, count(*)::int n from posts group by author_id) x where x.author_id = u.id`)
    await exec(sql`update tags t set post_count = x.n from (select tag_id, count(*)::int n from post_tags group by tag_id) x where x.tag_id = t.id`)
    // Posts written with location columns but no place get theirs, as migration 0005 does.
    await exec(sql`select mosaic_backfill_places()`)
    // Vacuum sets the visibility map, so feed queries are index-only scans as they would be after autovacuum.
    await exec(sql`vacuum analyze`)
  })

  // Home timelines of the readers (a random sample), built in Redis the way a first visit builds them.
  const readers = await rows<{ id: string; username: string }>(
    db,
    sql`select u.id, u.username from seed_ord o join users u on u.id = o.id where u.following_count > 0 order by random() limit ${opts.readers}`,
  )
  if (deps.timelines) {
    const timelines = deps.timelines
    await time(log, `${readers.length.toLocaleString()} timelines built in Redis`, async () => {
      let next = 0
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < readers.length) await timelines.ensureBuilt(readers[next++]!.id)
        }),
      )
    })
  }
  await exec(sql`drop function if exists seed_uuid7(timestamptz)`)
  return { readers, users: seeded }
}

