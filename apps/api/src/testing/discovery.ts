// Test support for explore and trending: posts written straight into the tables at a chosen time
// (no photos needed to rank them), their tags recorded as the commit path's job would, and callers
// whose clock or database the test controls.
import { eq, schema, sql } from '@mosaic/db'
import type { CoreDeps } from '@mosaic/core'
import { createCaller, createContextInner, type ApiDeps } from '@mosaic/trpc'
import type { TestApp } from './harness.ts'

const { posts, postTags, tags, users } = schema

export type SeedPost = { at?: Date | number; tags?: string[]; likes?: number; comments?: number }

/** A post by `authorId` at `at` (default now) with tags and counters; recorded for trending like a committed post. */
export async function seedPost(t: TestApp, authorId: string, p: SeedPost = {}): Promise<string> {
  const db = t.app.engines.db.db
  const createdAt = new Date(p.at ?? Date.now())
  const [row] = await db
    .insert(posts)
    .values({ authorId, createdAt, updatedAt: createdAt, likeCount: p.likes ?? 0, commentCount: p.comments ?? 0, caption: (p.tags ?? []).map((x) => `#${x}`).join(' ') })
    .returning({ id: posts.id })
  const id = row!.id
  if (p.tags?.length) {
    const tagRows = await db
      .insert(tags)
      .values(p.tags.map((name) => ({ name, postCount: 1 })))
      .onConflictDoUpdate({ target: tags.name, set: { postCount: sql`${tags.postCount} + 1` } })
      .returning({ id: tags.id })
    await db.insert(postTags).values(tagRows.map((tg) => ({ tagId: tg.id, postId: id, createdAt })))
    await t.app.handlers['trending.record']({ postId: id })
  }
  return id
}

/** Sets an account's follower count directly: reach without signing up a crowd. */
export async function setFollowerCount(t: TestApp, userId: string, n: number) {
  await t.app.engines.db.db.update(users).set({ followerCount: n }).where(eq(users.id, userId))
}

/** The app's deps with other parts swapped in (a clock, a counting database, shorter intervals). */
export function depsWith(t: TestApp, over: Partial<CoreDeps>): ApiDeps {
  return { ...t.app.deps, ...over }
}

/** A caller over custom deps, as a bearer token (or anonymous). */
export async function callerWith(deps: ApiDeps, token?: string | null) {
  return createCaller(await createContextInner({ deps, credentials: token ? { token, source: 'bearer' } : null }))
}
