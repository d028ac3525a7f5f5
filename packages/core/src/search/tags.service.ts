import { rows, sql } from '@mosaic/db'
import { prefixRange, tagPrefix } from './query.ts'
import type { CoreDeps } from '../deps.ts'

export type TagHit = { tag: string; posts: number }

/** Tags that start with what was typed (with or without '#'), the most used first. Tags no post carries any more are left out. */
export async function searchTags(deps: Pick<CoreDeps, 'db'>, input: { q: string; limit: number }): Promise<TagHit[]> {
  const prefix = tagPrefix(input.q)
  if (!prefix) return []
  const { lo, hi } = prefixRange(prefix)
  const found = await rows<{ name: string; post_count: number }>(
    deps.db,
    sql`select name, post_count from tags
        where name ~>=~ ${lo} and name ~<~ ${hi} and post_count > 0
        order by post_count desc, name limit ${input.limit}`,
  )
  return found.map((t) => ({ tag: t.name, posts: t.post_count }))
}
