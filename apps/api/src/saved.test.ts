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
type Person = Awaited<ReturnType<TestApp['user']>>
const post = (p: Person) => p.api.post.create(photo())

describe('saved posts', () => {
  it('saves and unsaves idempotently, shows the bookmark state on the post, and lists only the saver’s own', async () => {
    const [author, me, other] = await Promise.all([t.user(), t.user(), t.user()])
    const p = await post(author)
    expect((await me.api.post.byId({ id: p.id })).viewerHasSaved).toBe(false)
    expect(await me.api.post.save({ id: p.id })).toEqual({ ok: true })
    expect(await me.api.post.save({ id: p.id })).toEqual({ ok: true })
    expect((await me.api.post.byId({ id: p.id })).viewerHasSaved).toBe(true)
    expect((await other.api.post.byId({ id: p.id })).viewerHasSaved).toBe(false)
    expect((await (await t.caller()).post.byId({ id: p.id })).viewerHasSaved).toBeUndefined()
    expect((await me.api.post.byUser({ username: author.username })).items[0]?.viewerHasSaved).toBe(true)
    expect((await me.api.post.saved({})).items.map((x) => x.id)).toEqual([p.id])
    expect((await other.api.post.saved({})).items).toEqual([])
    await expect((await t.caller()).post.saved({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' })

    expect(await me.api.post.unsave({ id: p.id })).toEqual({ ok: true })
    expect(await me.api.post.unsave({ id: p.id })).toEqual({ ok: true })
    expect((await me.api.post.saved({})).items).toEqual([])
    await expect(me.api.post.save({ id: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(me.api.post.save({ id: crypto.randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('shows the saved state in the home feed', async () => {
    const [author, me] = await Promise.all([t.user(), t.user()])
    await me.api.user.follow({ username: author.username })
    const [a, b] = [await post(author), await post(author)]
    await me.api.post.save({ id: a.id })
    await t.app.deps.queue.drain()
    const feed = await me.api.feed.home({ mode: 'latest' })
    expect(Object.fromEntries(feed.items.map((x) => [x.id, x.viewerHasSaved]))).toEqual({ [a.id]: true, [b.id]: false })
  })

  it('pages newest saved first, never repeating or skipping while more are saved', async () => {
    const [author, me] = await Promise.all([t.user(), t.user()])
    const list = []
    for (let i = 0; i < 5; i++) list.push(await post(author))
    for (const p of list) await me.api.post.save({ id: p.id })
    const first = await me.api.post.saved({ limit: 2 })
    expect(first.items.map((x) => x.id)).toEqual([list[4]!.id, list[3]!.id])
    // Saved meanwhile: ahead of the cursor, so the next pages do not show it again or shift.
    const late = await post(author)
    await me.api.post.save({ id: late.id })
    const second = await me.api.post.saved({ limit: 2, cursor: first.nextCursor })
    const third = await me.api.post.saved({ limit: 2, cursor: second.nextCursor })
    expect([...second.items, ...third.items].map((x) => x.id)).toEqual([list[2]!.id, list[1]!.id, list[0]!.id])
    expect(third.nextCursor).toBeNull()
    expect((await me.api.post.saved({ limit: 1 })).items[0]?.id).toBe(late.id)
    await expect(me.api.post.saved({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('refuses posts the viewer cannot see: a stranger or a pending follower of a private account, a blocked person', async () => {
    const [priv, stranger, pending, follower, pub, blocked] = await Promise.all([t.user(undefined, { isPrivate: true }), t.user(), t.user(), t.user(), t.user(), t.user()])
    const p = await post(priv)
    await pending.api.user.follow({ username: priv.username })
    await follower.api.user.follow({ username: priv.username })
    await priv.api.user.approveFollow({ username: follower.username })
    for (const who of [stranger, pending]) {
      await expect(who.api.post.save({ id: p.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
      await expect(who.api.post.unsave({ id: p.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    expect(await follower.api.post.save({ id: p.id })).toEqual({ ok: true })

    const q = await post(pub)
    await pub.api.user.block({ username: blocked.username })
    await expect(blocked.api.post.save({ id: q.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('leaves out saved posts that became invisible: author went private, blocked, deleted', async () => {
    const [a, b, c, me] = await Promise.all([t.user(), t.user(), t.user(), t.user()])
    const [pa, pb, pc] = [await post(a), await post(b), await post(c)]
    for (const p of [pa, pb, pc]) await me.api.post.save({ id: p.id })
    expect((await me.api.post.saved({})).items).toHaveLength(3)

    await a.api.user.update({ isPrivate: true })
    await me.api.user.block({ username: b.username })
    await c.api.post.delete({ id: pc.id })
    expect((await me.api.post.saved({})).items).toEqual([])

    // Back in view once the reason goes away (the save itself was kept).
    await a.api.user.update({ isPrivate: false })
    expect((await me.api.post.saved({})).items.map((x) => x.id)).toEqual([pa.id])
  })
})
