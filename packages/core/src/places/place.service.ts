import { rows, sql, type SQL } from '@mosaic/db'
import type { PlaceWhere } from '@mosaic/validators'
import type { CoreDeps, Viewer } from '../deps.ts'
import { notFound } from '../errors.ts'
import { coverPrefixes, distanceKm, geohashCover } from '../geo/geo.ts'
import { authorVisibleTo } from '../access/visibility.ts'
import { decodeCursor, type Page, pageOf, timeIdCursor } from '../pagination/cursor.ts'
import { hydratePosts, type Post } from '../posts/post.shape.ts'

export type PlaceSummary = { name: string; lat: number | null; lng: number | null; posts: number }

/**
 * SQL rows (id, name, lat, lng, post_count) of the places a question names that hold posts: every
 * place of that name, or every positioned place within the circle. For the circle, each of the ≤ 9
 * geohash prefixes is one btree range, then the exact distance decides. The ranges sit in a lateral
 * subquery behind OFFSET 0 because the planner cannot know how short a prefix range is (its
 * bounds are computed) and, estimating a third of all places each, would rather scan them all.
 */
function placesWhere(where: PlaceWhere): SQL {
  if ('name' in where) {
    return sql`select pl.id, pl.name, pl.lat, pl.lng, pl.post_count from places pl
      where pl.name_key = mosaic_place_key(${where.name}) and pl.post_count > 0`
  }
  const cover = geohashCover(where.lat, where.radiusKm)
  return sql`select pl.id, pl.name, pl.lat, pl.lng, pl.post_count
    from (${coverPrefixes(where.lat, where.lng, cover)}) c
    cross join lateral (
      select id, name, lat, lng, post_count from places
      where geohash ~>=~ c.prefix and geohash ~<~ (c.prefix || '{') and post_count > 0
      offset 0
    ) pl
    where ${distanceKm(where.lat, where.lng)} <= ${where.radiusKm}::float8`
}

// No `p.ready` test here: an unpublished post has no place_id until it is published (posts/publish.ts),
// and a test on it would cost the place index its index-only scan (migration 0005's INCLUDE).
const visible = (viewer: Viewer | null) => authorVisibleTo(viewer?.id ?? null, sql`p.author_id`)

/**
 * Posts at the named place(s) or within the circle that this viewer may see, newest first. One short
 * index range per place (its newest posts past the cursor), merged: a page costs the same however
 * many posts the places hold.
 */
export async function locationPosts(
  deps: Pick<CoreDeps, 'db' | 'urls'>,
  viewer: Viewer | null,
  input: PlaceWhere & { cursor?: string | null | undefined; limit: number },
): Promise<Page<Post>> {
  const after = decodeCursor(input.cursor, timeIdCursor)
  const past = after ? sql`and (p.created_at, p.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``
  const found = await rows<{ id: string; t: string | number }>(
    deps.db,
    sql`with near as (${placesWhere(input)})
        select x.id, (extract(epoch from x.created_at) * 1000)::bigint as t from near
        cross join lateral (
          select p.id, p.created_at from posts p
          where p.place_id = near.id ${past} and ${visible(viewer)}
          order by p.created_at desc, p.id desc
          limit ${input.limit + 1}
        ) x
        order by x.created_at desc, x.id desc
        limit ${input.limit + 1}`,
  )
  const page = pageOf(found, input.limit, (r) => [new Date(Number(r.t)).toISOString(), r.id], (r) => r.map((x) => x.id))
  return { items: await hydratePosts(deps, viewer?.id ?? null, page.items), nextCursor: page.nextCursor }
}

/**
 * A place page's header: the name and position of the place there that the viewer sees most posts
 * of, and how many posts the viewer may see there in all — the same posts `locationPosts` lists.
 * A place with nothing the viewer may see is NOT_FOUND, as a place nobody used: its name and
 * position came from someone's posts, and those are private to their audience.
 */
export async function locationSummary(deps: Pick<CoreDeps, 'db'>, viewer: Viewer | null, where: PlaceWhere): Promise<PlaceSummary> {
  const [top] = await rows<{ name: string; lat: number | null; lng: number | null; total: number | string }>(
    deps.db,
    sql`with near as (${placesWhere(where)}),
        seen as (
          select near.*, (select count(*) from posts p where p.place_id = near.id and ${visible(viewer)})::int as n from near
        )
        select name, lat, lng, sum(n) over () as total from seen
        where n > 0
        order by n desc, post_count desc, id
        limit 1`,
  )
  if (!top) throw notFound('That place')
  return { name: top.name, lat: top.lat, lng: top.lng, posts: Number(top.total) }
}

/**
 * Places whose name starts like `q` where the viewer may see a post, most used first: the New-post
 * form's typeahead, so the same café is picked, not retyped. Each comes with the number of its posts
 * the viewer may see (counted for the few returned only).
 */
export async function locationSuggest(deps: Pick<CoreDeps, 'db'>, viewer: Viewer | null, input: { q: string; limit: number }): Promise<PlaceSummary[]> {
  const found = await rows<{ name: string; lat: number | null; lng: number | null; n: number }>(
    deps.db,
    sql`with k as (select mosaic_place_key(${input.q}) as key),
        picked as (
          select pl.id, pl.name, pl.name_key, pl.lat, pl.lng, pl.post_count from places pl, k
          where pl.name_key ~>=~ k.key and pl.name_key ~<~ (k.key || chr(1114111))
            and exists (select 1 from posts p where p.place_id = pl.id and ${visible(viewer)})
          order by pl.post_count desc, pl.name_key, pl.id
          limit ${input.limit}
        )
        select c.name, c.lat, c.lng, (select count(*) from posts p where p.place_id = c.id and ${visible(viewer)})::int as n
        from picked c
        order by c.post_count desc, c.name_key, c.id`,
  )
  return found.map((r) => ({ name: r.name, lat: r.lat, lng: r.lng, posts: r.n }))
}
