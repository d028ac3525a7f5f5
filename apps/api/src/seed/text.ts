// The seed's posts, written set-based inside the database: captions from a Zipf-skewed vocabulary
// in several languages, alt text, a named place on ~30% of posts, tags (a few bursting in the last
// hours across many accounts), and each post's search document, all in one pass per chunk.
import { rows, sql, type Db, type SQL } from '@mosaic/db'
import { BURST_TAGS, CITIES, LANGUAGES, PLACE_KINDS, SYLLABLES, TAGS } from './vocabulary.ts'

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`
/** A text[] literal of fixed seed data (never user input). */
export const textArray = (xs: string[]) => sql.raw(`array[${xs.map(literal).join(',')}]::text[]`)

/** Ranks of the long tail of made-up words (names, slang, typos): most are rare. */
export const VOCABULARY = 50_000
/** The share of caption words drawn from that tail rather than the language's word list. */
const TAIL_SHARE = 0.15
/** Rank r of n with P(r) ∝ 1/r (Zipf, exponent 1): exp of a uniform draw over [0, ln(n + 1)). */
const zipf = (n: number) => sql.raw(`floor(exp(random() * ln(${n + 1})))::int`)
const CHUNK = 100_000
const BURST_HOURS = 3

/** The made-up word of a rank (as seed_word below computes it), for picking rare words to search for. */
export function seedWord(r: number): string {
  const n = SYLLABLES.length
  const s = (i: number) => SYLLABLES[Math.floor(r / n ** i) % n]!
  return s(0) + s(1) + s(2) + (r >= n ** 3 ? s(3) : '')
}

/** The made-up word of a rank, in SQL: its digits in base 24, one syllable each (four at most). */
function seedWordFunction(): SQL {
  const n = SYLLABLES.length
  return sql.raw(`create or replace function seed_word(r int) returns text language sql immutable as $$
    select s[1 + r % ${n}] || s[1 + (r / ${n}) % ${n}] || s[1 + (r / ${n * n}) % ${n}] || case when r >= ${n ** 3} then s[1 + (r / ${n ** 3}) % ${n}] else '' end
    from (select array[${SYLLABLES.map(literal).join(',')}] as s) x $$`)
}

export async function seedPosts(db: Db, opts: { posts: number; authors: number; pool: string[] }) {
  const exec = (q: SQL) => db.execute(q)
  // A GIN index is built far faster in one go than row by row: set aside while the posts go in, then
  // rebuilt from its own definition (read from the catalog, so it is written only in the migration).
  const gin = await rows<{ name: string; def: string }>(db, sql`select indexname as name, indexdef as def from pg_indexes where tablename = 'posts' and indexdef ilike '%using gin%'`)
  for (const index of gin) await exec(sql.raw(`drop index if exists "${index.name}"`))
  await exec(seedWordFunction())
  await exec(sql`drop table if exists seed_vocab, seed_places, seed_posts`)
  await exec(sql`create unlogged table seed_vocab (lang int primary key, words text[] not null)`)
  for (const [i, l] of LANGUAGES.entries()) await exec(sql`insert into seed_vocab values (${i + 1}, ${textArray(l.words)})`)
  // Which language a post is written in, by share: an array of 100 language numbers to pick from.
  const langPick = sql.raw(`array[${LANGUAGES.flatMap((l, i) => Array<number>(l.share).fill(i + 1)).join(',')}]`)

  // A few hundred places: each city's centre and named spots around it, big cities and centres first.
  await exec(sql`create unlogged table seed_places (rank int primary key, name text not null, lat float8 not null, lng float8 not null)`)
  const places = CITIES.flatMap(([city, lat, lng], c) => PLACE_KINDS.map(([pattern, dLat, dLng], k) => ({ order: k * 4 + c, name: pattern.replace('%s', city), lat: lat + dLat, lng: lng + dLng })))
    .sort((a, b) => a.order - b.order)
    .map((p, i) => `(${i + 1}, ${literal(p.name)}, ${p.lat}, ${p.lng})`)
  await exec(sql.raw(`insert into seed_places values ${places.join(',')}`))

  await exec(sql`insert into tags (id, name) select seed_uuid7(now()), t from unnest(${textArray([...TAGS, ...BURST_TAGS])}) t on conflict do nothing`)
  await exec(sql`create unlogged table seed_posts (id uuid, author_id uuid, created_at timestamptz, caption text, tags text, location_name text, lat float8, lng float8, alt text)`)
  const pool = sql.raw(`array[${opts.pool.map((id) => `'${id}'::uuid`).join(',')}]`)
  // Most words from the language's list (Zipf over its ranks), TAIL_SHARE of them from the long tail.
  const words = (count: SQL) =>
    sql`(select string_agg(case when z.tail then seed_word(z.r) else v.words[least(z.h, cardinality(v.words))] end, ' ')
         from (select random() < ${sql.raw(String(TAIL_SHARE))} as tail, ${zipf(VOCABULARY)} as r, floor(exp(random() * ln(cardinality(v.words) + 1)))::int as h
               from generate_series(1, ${count})) z)`

  // Chunks go from the oldest slice of time to the newest, each written in time order, so the table
  // lies on disk in creation order as a real one does (queries walking recent posts read few pages).
  const chunks = Math.ceil(opts.posts / CHUNK)
  for (let k = 0; k < chunks; k++) {
    const n = Math.min(CHUNK, opts.posts - k * CHUNK)
    await exec(sql`truncate seed_posts`)
    await exec(sql`insert into seed_posts
      select seed_uuid7(g.c), o.id, g.c,
        ${words(sql`g.nw`)} || ' ' || (select string_agg('#' || x, ' ') from unnest(g.tags) x),
        array_to_string(g.tags, ' '),
        pl.name, pl.lat + (random() - 0.5) * 0.002, pl.lng + (random() - 0.5) * 0.002,
        case when g.alt then ${words(sql`2 + g.nw / 3`)} end
      from (
        select g0.*, array_remove(array[
            case when g0.c > now() - interval '${sql.raw(String(BURST_HOURS))} hours' and random() < 0.3 then (${textArray(BURST_TAGS)})[1 + floor(random() * ${BURST_TAGS.length})::int] end,
            (${textArray(TAGS)})[${zipf(TAGS.length)}],
            case when random() < 0.3 then (${textArray(TAGS)})[${zipf(TAGS.length)}] end], null) as tags
        from (
          select now() - power(1 - (${k} + random()) / ${chunks}, 1.5) * interval '30 days' as c,
            (1 + floor(${opts.authors} * power(random(), 2)))::int as ord,
            (${langPick})[1 + floor(random() * 100)::int] as lang,
            3 + floor(random() * 8)::int as nw,
            case when random() < 0.3 then ${zipf(places.length)} end as place,
            random() < 0.6 as alt
          from generate_series(1, ${n})
        ) g0
      ) g
      join seed_ord o on o.ord = g.ord
      join seed_vocab v on v.lang = g.lang
      left join seed_places pl on pl.rank = g.place
      order by g.c`)
    await exec(sql`insert into posts (id, author_id, caption, location_name, location_lat, location_lng, created_at, updated_at, search)
      select id, author_id, caption, location_name, lat, lng, created_at, created_at, post_search_document(caption, tags, location_name, alt) from seed_posts order by created_at`)
    await exec(sql`insert into post_media (id, post_id, media_id, position, alt)
      select seed_uuid7(created_at), id, (${pool})[1 + floor(random() * ${opts.pool.length})::int], 0, alt from seed_posts`)
    await exec(sql`insert into post_tags (tag_id, post_id, created_at)
      select t.id, s.id, s.created_at from seed_posts s cross join lateral unnest(string_to_array(s.tags, ' ')) x(name) join tags t on t.name = x.name
      on conflict do nothing`)
  }
  await exec(sql`drop table if exists seed_vocab, seed_places, seed_posts`)
  await exec(sql`drop function if exists seed_word(int)`)
  for (const index of gin) await exec(sql.raw(index.def))
}
