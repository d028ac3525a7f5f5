import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ env: { LIMIT_LIKES_PER_HOUR: '1000', LIMIT_FOLLOWS_PER_DAY: '1000', LIMIT_COMMENTS_PER_HOUR: '1000' } })
})
afterAll(() => t.close())

const photo = (name = 'swiss.png') => {
  const f = new FormData()
  f.append('files', new File([readFileSync(path.join(FIXTURES, name))], name))
  return f
}
type Person = Awaited<ReturnType<TestApp['user']>>
const post = (p: Person) => p.api.post.create(photo())
const drain = () => t.app.deps.queue.drain()

describe('replies', () => {
  it('attaches a reply to its comment, and a reply to a reply to the top-level comment (one level)', async () => {
    const [author, a, b] = await Promise.all([t.user(), t.user(), t.user()])
    const p = await post(author)
    const top = await a.api.comment.add({ postId: p.id, text: 'first!' })
    expect(top).toMatchObject({ parentId: null, replyCount: 0, likeCount: 0, viewerHasLiked: false })
    const r1 = await b.api.comment.add({ postId: p.id, text: 'reply', parentId: top.id })
    expect(r1.parentId).toBe(top.id)
    const r2 = await a.api.comment.add({ postId: p.id, text: `@${b.username} thanks`, parentId: r1.id })
    expect(r2.parentId).toBe(top.id)
    const r3 = await author.api.comment.add({ postId: p.id, text: 'third', parentId: top.id })

    const list = await b.api.comment.list({ postId: p.id })
    expect(list.items.map((c) => c.id)).toEqual([top.id])
    expect(list.items[0]).toMatchObject({ replyCount: 3 })
    expect(list.items[0]!.replies!.map((c) => c.id)).toEqual([r1.id, r2.id])
    // The post counts every comment, replies included.
    expect((await b.api.post.byId({ id: p.id })).commentCount).toBe(4)

    const page1 = await b.api.comment.replies({ commentId: top.id, limit: 2 })
    const page2 = await b.api.comment.replies({ commentId: top.id, limit: 2, cursor: page1.nextCursor })
    expect([...page1.items, ...page2.items].map((c) => c.id)).toEqual([r1.id, r2.id, r3.id])
    expect(page2.nextCursor).toBeNull()
    expect((await b.api.comment.replies({ commentId: r1.id })).items).toEqual([])
    await expect(b.api.comment.replies({ commentId: crypto.randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' })

    // A parent from another post is refused, and nothing is written.
    const other = await post(author)
    await expect(a.api.comment.add({ postId: other.id, text: 'x', parentId: top.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await a.api.post.byId({ id: other.id })).commentCount).toBe(0)
  })

  it('deleting a comment deletes its replies and takes them off the post’s count', async () => {
    const [author, a, b] = await Promise.all([t.user(), t.user(), t.user()])
    const p = await post(author)
    const top = await a.api.comment.add({ postId: p.id, text: 'top' })
    const keep = await a.api.comment.add({ postId: p.id, text: 'other' })
    const r = await b.api.comment.add({ postId: p.id, text: 'reply', parentId: top.id })
    await b.api.comment.add({ postId: p.id, text: 'reply 2', parentId: top.id })
    await b.api.comment.delete({ id: r.id })
    expect((await a.api.post.byId({ id: p.id })).commentCount).toBe(3)
    await a.api.comment.delete({ id: top.id })
    expect((await a.api.post.byId({ id: p.id })).commentCount).toBe(1)
    expect((await a.api.comment.list({ postId: p.id })).items.map((c) => c.id)).toEqual([keep.id])
    await expect(a.api.comment.replies({ commentId: top.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('tells the post’s author and the author of the comment replied to', async () => {
    const [author, a, b] = await Promise.all([t.user(), t.user(), t.user()])
    const p = await post(author)
    const top = await a.api.comment.add({ postId: p.id, text: 'top' })
    await drain()
    await b.api.comment.add({ postId: p.id, text: 'reply', parentId: top.id })
    await drain()
    expect((await a.api.notification.list({})).items.map((n) => [n.type, n.actor.username])).toEqual([['comment', b.username]])
    expect((await author.api.notification.list({})).items.filter((n) => n.actor.username === b.username).map((n) => n.type)).toEqual(['comment'])
  })

  it('hides replies by people in a block with the viewer, and refuses replies across a block', async () => {
    const [author, a, blocked] = await Promise.all([t.user(), t.user(), t.user()])
    const p = await post(author)
    const top = await a.api.comment.add({ postId: p.id, text: 'top' })
    const r = await blocked.api.comment.add({ postId: p.id, text: 'from blocked', parentId: top.id })
    await a.api.user.block({ username: blocked.username })
    const seen = (await a.api.comment.list({ postId: p.id })).items[0]!
    expect(seen.replyCount).toBe(0)
    expect(seen.replies).toEqual([])
    expect((await a.api.comment.replies({ commentId: top.id })).items).toEqual([])
    // The blocked person cannot see a's comment: replying to it or liking it is NOT_FOUND.
    await expect(blocked.api.comment.add({ postId: p.id, text: 'again', parentId: top.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(blocked.api.comment.like({ id: top.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(blocked.api.comment.replies({ commentId: top.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(a.api.comment.like({ id: r.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // Others still see it all.
    expect((await author.api.comment.list({ postId: p.id })).items[0]!.replyCount).toBe(1)
  })
})

describe('comment likes', () => {
  it('likes and unlikes idempotently, with the count and the viewer’s state in the thread', async () => {
    const [author, a, b] = await Promise.all([t.user(), t.user(), t.user()])
    const p = await post(author)
    const c = await a.api.comment.add({ postId: p.id, text: 'like me' })
    const r = await a.api.comment.add({ postId: p.id, text: 'and me', parentId: c.id })
    expect(await b.api.comment.like({ id: c.id })).toEqual({ likeCount: 1, viewerHasLiked: true })
    expect(await b.api.comment.like({ id: c.id })).toEqual({ likeCount: 1, viewerHasLiked: true })
    expect(await author.api.comment.like({ id: c.id })).toEqual({ likeCount: 2, viewerHasLiked: true })
    expect(await b.api.comment.like({ id: r.id })).toEqual({ likeCount: 1, viewerHasLiked: true })
    const mine = (await b.api.comment.list({ postId: p.id })).items[0]!
    expect(mine).toMatchObject({ likeCount: 2, viewerHasLiked: true })
    expect(mine.replies![0]).toMatchObject({ likeCount: 1, viewerHasLiked: true })
    expect((await a.api.comment.list({ postId: p.id })).items[0]).toMatchObject({ likeCount: 2, viewerHasLiked: false })
    expect((await (await t.caller()).comment.list({ postId: p.id })).items[0]).toMatchObject({ likeCount: 2, viewerHasLiked: false })
    expect(await b.api.comment.unlike({ id: c.id })).toEqual({ likeCount: 1, viewerHasLiked: false })
    expect(await b.api.comment.unlike({ id: c.id })).toEqual({ likeCount: 1, viewerHasLiked: false })
    await expect((await t.caller()).comment.like({ id: c.id })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect(b.api.comment.like({ id: crypto.randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('on a private account: a stranger and a pending follower get NOT_FOUND, an approved follower may like and reply', async () => {
    const [priv, stranger, pending, follower] = await Promise.all([t.user(undefined, { isPrivate: true }), t.user(), t.user(), t.user()])
    const p = await post(priv)
    const c = await priv.api.comment.add({ postId: p.id, text: 'mine' })
    await pending.api.user.follow({ username: priv.username })
    await follower.api.user.follow({ username: priv.username })
    await priv.api.user.approveFollow({ username: follower.username })
    for (const who of [stranger, pending]) {
      await expect(who.api.comment.like({ id: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
      await expect(who.api.comment.unlike({ id: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
      await expect(who.api.comment.add({ postId: p.id, text: 'hi', parentId: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
      await expect(who.api.comment.replies({ commentId: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    await expect((await t.caller()).comment.replies({ commentId: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await follower.api.comment.like({ id: c.id })).toEqual({ likeCount: 1, viewerHasLiked: true })
    expect((await follower.api.comment.add({ postId: p.id, text: 'hi', parentId: c.id })).parentId).toBe(c.id)
    expect((await follower.api.comment.replies({ commentId: c.id })).items).toHaveLength(1)
  })
})

describe('mention suggestions', () => {
  it('puts people the viewer follows first, leaves out blocked people and the viewer', async () => {
    const stamp = Date.now().toString(36).slice(-5)
    const [me, followed, other, blocked] = await Promise.all([t.user(`zz${stamp}me`), t.user(`zz${stamp}b`), t.user(`zz${stamp}a`), t.user(`zz${stamp}c`)])
    await me.api.user.follow({ username: followed.username })
    await me.api.user.block({ username: blocked.username })
    const names = (await me.api.search.mentions({ q: `@zz${stamp}` })).map((u) => u.username)
    expect(names[0]).toBe(followed.username)
    expect(names).toContain(other.username)
    expect(names).not.toContain(blocked.username)
    expect(names).not.toContain(me.username)
    await expect((await t.caller()).search.mentions({ q: 'zz' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })
})
