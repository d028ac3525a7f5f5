import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ env: { LIMIT_LIKES_PER_HOUR: '1000', LIMIT_FOLLOWS_PER_DAY: '1000' } })
})
afterAll(() => t.close())

const photo = (name = 'swiss.png') => {
  const f = new FormData()
  f.append('files', new File([readFileSync(path.join(FIXTURES, name))], name))
  return f
}
const drain = () => t.app.deps.queue.drain()
const counts = async (username: string) => (await (await t.caller()).user.byUsername({ username })).counts

describe('following', () => {
  it('follows a public account at once and a private one by request, which its owner approves or denies', async () => {
    const [a, pub, priv] = await Promise.all([t.user(), t.user(), t.user(undefined, { isPrivate: true })])
    expect(await a.api.user.follow({ username: pub.username })).toEqual({ state: 'following' })
    expect(await a.api.user.follow({ username: pub.username })).toEqual({ state: 'following' })
    expect(await a.api.user.follow({ username: priv.username })).toEqual({ state: 'requested' })
    expect((await a.api.user.byUsername({ username: priv.username })).viewer?.follow).toBe('requested')
    expect((await priv.api.user.followRequests({})).items.map((u) => u.username)).toEqual([a.username])
    expect(await counts(priv.username)).toMatchObject({ followers: 0 })

    await priv.api.user.approveFollow({ username: a.username })
    expect((await a.api.user.byUsername({ username: priv.username })).viewer).toMatchObject({ follow: 'following' })
    expect(await counts(priv.username)).toMatchObject({ followers: 1 })
    expect(await counts(a.username)).toMatchObject({ following: 2 })
    expect((await priv.api.user.byUsername({ username: a.username })).viewer?.followsViewer).toBe(true)

    const b = await t.user()
    await b.api.user.follow({ username: priv.username })
    await priv.api.user.denyFollow({ username: b.username })
    expect((await b.api.user.byUsername({ username: priv.username })).viewer?.follow).toBe('none')
    await expect(priv.api.user.denyFollow({ username: b.username })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(a.api.user.follow({ username: a.username })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('withdraws a request by unfollowing, and going public approves everyone waiting', async () => {
    const owner = await t.user(undefined, { isPrivate: true })
    const fans = await Promise.all([t.user(), t.user(), t.user()])
    for (const f of fans) await f.api.user.follow({ username: owner.username })
    await fans[0]!.api.user.unfollow({ username: owner.username })
    expect((await owner.api.user.followRequests({})).items).toHaveLength(2)
    await owner.api.user.update({ isPrivate: false })
    expect((await owner.api.user.followRequests({})).items).toHaveLength(0)
    expect(await counts(owner.username)).toMatchObject({ followers: 2 })
    for (const f of fans.slice(1)) expect(await counts(f.username)).toMatchObject({ following: 1 })
    await drain()
    const notes = await fans[1]!.api.notification.list({})
    expect(notes.items.map((n) => n.type)).toContain('follow_accepted')
  })

  it('lists followers and following newest first, paged, and removes a follower', async () => {
    const star = await t.user()
    const fans = []
    for (let i = 0; i < 5; i++) {
      const f = await t.user()
      await f.api.user.follow({ username: star.username })
      fans.unshift(f.username)
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { username: string }[]; nextCursor: string | null } = await star.api.user.followers({ username: star.username, limit: 2, cursor })
      seen.push(...page.items.map((u) => u.username))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(fans)
    expect((await star.api.user.following({ username: fans[0]! })).items.map((u) => u.username)).toEqual([star.username])
    await star.api.user.removeFollower({ username: fans[0]! })
    expect(await counts(star.username)).toMatchObject({ followers: 4 })
    expect(await counts(fans[0]!)).toMatchObject({ following: 0 })
  })

  it('keeps profile counts exact under concurrent follows, unfollows and blocks', async () => {
    const star = await t.user()
    const fans = await Promise.all(Array.from({ length: 12 }, () => t.user()))
    const ops = fans.flatMap((f, i) => [
      () => f.api.user.follow({ username: star.username }),
      () => f.api.user.follow({ username: star.username }),
      ...(i % 3 === 0 ? [() => f.api.user.unfollow({ username: star.username })] : []),
      ...(i % 4 === 1 ? [() => star.api.user.block({ username: f.username })] : []),
      ...(i % 5 === 2 ? [() => f.api.user.block({ username: star.username })] : []),
    ])
    await Promise.allSettled(ops.sort(() => Math.random() - 0.5).map((op) => op()))
    const db = t.app.engines.db.db
    const starRow = await db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, star.id) })
    const edges = await db.query.follows.findMany({ where: (f, { and, eq }) => and(eq(f.followeeId, star.id), eq(f.state, 'accepted')) })
    expect(starRow!.followerCount).toBe(edges.length)
    for (const f of fans) {
      const row = await db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, f.id) })
      const out = await db.query.follows.findMany({ where: (x, { and, eq }) => and(eq(x.followerId, f.id), eq(x.state, 'accepted')) })
      expect(row!.followingCount).toBe(out.length)
    }
  })

  it('a block removes both follow edges and pending requests', async () => {
    const [a, b] = await Promise.all([t.user(), t.user(undefined, { isPrivate: true })])
    await b.api.user.update({ isPrivate: false })
    await a.api.user.follow({ username: b.username })
    await b.api.user.follow({ username: a.username })
    await b.api.user.block({ username: a.username })
    expect(await counts(a.username)).toMatchObject({ followers: 0, following: 0 })
    expect(await counts(b.username)).toMatchObject({ followers: 0, following: 0 })
    await expect(a.api.user.byUsername({ username: b.username })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await b.api.user.unblock({ username: a.username })
    expect((await a.api.user.byUsername({ username: b.username })).viewer?.follow).toBe('none')
  })
})

describe('likes and comments', () => {
  it('keeps likeCount exact under 100 concurrent likes and unlikes, and like is idempotent', async () => {
    const author = await t.user()
    const post = await author.api.post.create(photo())
    const fans = await Promise.all(Array.from({ length: 50 }, () => t.user()))
    await Promise.all(fans.map((f) => f.api.post.like({ id: post.id })))
    const results = await Promise.all(
      fans.flatMap((f, i) => [i % 2 === 0 ? f.api.post.unlike({ id: post.id }) : f.api.post.like({ id: post.id })]).concat(fans.slice(0, 50).map((f) => f.api.post.like({ id: post.id }))),
    )
    expect(results).toHaveLength(100)
    const liked = await t.app.engines.db.db.query.likes.findMany({ where: (l, { eq }) => eq(l.postId, post.id) })
    const { likeCount } = await author.api.post.byId({ id: post.id })
    expect(likeCount).toBe(liked.length)
    const walked: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await author.api.post.likers({ id: post.id, limit: 7, cursor })
      walked.push(...page.items.map((u) => u.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(new Set(walked).size).toBe(liked.length)
    expect(walked).toHaveLength(liked.length)
  })

  it('adds comments oldest first, lets the author or the post’s author delete them, and nobody else', async () => {
    const [author, c1, c2] = await Promise.all([t.user(), t.user(), t.user()])
    const post = await author.api.post.create(photo())
    const first = await c1.api.comment.add({ postId: post.id, text: '  first!  ' })
    const second = await c2.api.comment.add({ postId: post.id, text: '<script>alert(1)</script> second' })
    expect(first.text).toBe('first!')
    expect((await c1.api.comment.list({ postId: post.id })).items.map((c) => c.text)).toEqual(['first!', '<script>alert(1)</script> second'])
    expect((await author.api.post.byId({ id: post.id })).commentCount).toBe(2)
    await expect(c1.api.comment.delete({ id: second.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await c2.api.comment.delete({ id: second.id })
    await author.api.comment.delete({ id: first.id })
    expect((await author.api.post.byId({ id: post.id })).commentCount).toBe(0)
    await expect(c1.api.comment.add({ postId: post.id, text: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(c1.api.comment.add({ postId: post.id, text: 'x'.repeat(2201) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('hides a blocked user’s comments from the blocker', async () => {
    const [author, troll] = await Promise.all([t.user(), t.user()])
    const post = await author.api.post.create(photo())
    await troll.api.comment.add({ postId: post.id, text: 'rude' })
    await author.api.user.block({ username: troll.username })
    expect((await author.api.comment.list({ postId: post.id })).items).toEqual([])
    expect((await (await t.caller()).comment.list({ postId: post.id })).items).toHaveLength(1)
  })
})

describe('comments across a block', () => {
  it('lets a blocked person delete their own comment on the blocker’s post, still without seeing the post', async () => {
    const [author, troll, bystander] = await Promise.all([t.user(), t.user(), t.user()])
    const post = await author.api.post.create(photo())
    const mine = await troll.api.comment.add({ postId: post.id, text: 'regret this' })
    const theirs = await bystander.api.comment.add({ postId: post.id, text: 'fine' })
    await author.api.user.block({ username: troll.username })
    // Someone else's comment stays out of reach, and the post stays hidden.
    await expect(troll.api.comment.delete({ id: theirs.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await troll.api.comment.delete({ id: mine.id })).toEqual({ ok: true })
    await expect(troll.api.post.byId({ id: post.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(troll.api.comment.list({ postId: post.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await author.api.post.byId({ id: post.id })).commentCount).toBe(1)
    expect((await bystander.api.comment.list({ postId: post.id })).items.map((c) => c.text)).toEqual(['fine'])
  })
})

describe('notifications', () => {
  it('notifies likes, comments, mentions and follows; a like-unlike-like makes one; a gone cause is not shown', async () => {
    const [author, fan] = await Promise.all([t.user(), t.user()])
    const post = await author.api.post.create(photo())
    await fan.api.user.follow({ username: author.username })
    await fan.api.post.like({ id: post.id })
    await fan.api.post.unlike({ id: post.id })
    await fan.api.post.like({ id: post.id })
    await fan.api.comment.add({ postId: post.id, text: `lovely @${author.username}` })
    await drain()
    const list = await author.api.notification.list({})
    expect(list.items.map((n) => n.type).sort()).toEqual(['comment', 'follow', 'like'])
    expect(list.items.find((n) => n.type === 'like')).toMatchObject({ actor: { username: fan.username }, post: { id: post.id }, read: false })
    expect(await author.api.notification.unreadCount()).toEqual({ count: 3 })

    const other = await t.user()
    await fan.api.comment.add({ postId: post.id, text: `@${other.username} look` })
    await drain()
    expect((await other.api.notification.list({})).items.map((n) => n.type)).toEqual(['mention'])

    await fan.api.post.unlike({ id: post.id })
    expect((await author.api.notification.list({})).items.map((n) => n.type).sort()).toEqual(['comment', 'comment', 'follow'])
    await author.api.notification.markRead({})
    expect(await author.api.notification.unreadCount()).toEqual({ count: 0 })
    await author.api.user.block({ username: fan.username })
    expect((await author.api.notification.list({})).items).toEqual([])
  })
})

describe('mentions and privacy', () => {
  it('notifies a mention only to people who may see the post, and stops showing a post its recipient can no longer see', async () => {
    const [priv, follower, pending, stranger] = await Promise.all([t.user(undefined, { isPrivate: true }), t.user(), t.user(), t.user()])
    await follower.api.user.follow({ username: priv.username })
    await priv.api.user.approveFollow({ username: follower.username })
    await pending.api.user.follow({ username: priv.username })
    const form = photo()
    form.append('caption', `with @${stranger.username} @${pending.username} and @${follower.username}`)
    const post = await priv.api.post.create(form)
    await follower.api.comment.add({ postId: post.id, text: `@${stranger.username} @${pending.username} look at this` })
    await drain()
    const postsIn = async (who: typeof stranger) => (await who.api.notification.list({})).items.flatMap((n) => (n.post ? [n.post.id] : []))
    expect(await postsIn(stranger)).toEqual([])
    expect(await postsIn(pending)).toEqual([])
    expect(await stranger.api.notification.unreadCount()).toEqual({ count: 0 })
    expect(await postsIn(follower)).toEqual([post.id])

    // Removed as a follower afterwards: the notification no longer shows the post.
    await priv.api.user.removeFollower({ username: follower.username })
    expect(await postsIn(follower)).toEqual([])

    // A public post, but its author blocked the person named: they may not see it either.
    const [author, fan, blocked] = await Promise.all([t.user(), t.user(), t.user()])
    const open = await author.api.post.create(photo())
    await author.api.user.block({ username: blocked.username })
    await fan.api.comment.add({ postId: open.id, text: `@${blocked.username} hey` })
    await drain()
    expect(await postsIn(blocked)).toEqual([])
  })
})

describe('abuse limits', () => {
  it('answers TOO_MANY_REQUESTS with when to retry once the comment allowance is spent', async () => {
    const [author, spammer] = await Promise.all([t.user(), t.user()])
    const post = await author.api.post.create(photo())
    for (let i = 0; i < 60; i++) await spammer.api.comment.add({ postId: post.id, text: `spam ${i}` })
    const over = spammer.api.comment.add({ postId: post.id, text: 'one more' })
    await expect(over).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    await expect(over).rejects.toMatchObject({ cause: { details: { retryAfterSeconds: expect.any(Number) } } })
  })
})
