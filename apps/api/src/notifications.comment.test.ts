// A comment notification says what the comment says (Notification.comment), and only while the
// comment and the reader's access to it stand.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { seedPost } from './testing/discovery.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

it('a comment notification carries the comment’s text; a mention in a comment too; a like none', async () => {
  const owner = await t.user('notes.owner')
  const fan = await t.user('notes.fan')
  const friend = await t.user('notes.friend')
  const postId = await seedPost(t, owner.id)
  const comment = await fan.api.comment.add({ postId, text: 'What a light! @notes.friend look' })
  await fan.api.post.like({ id: postId })
  await t.app.deps.queue.drain()

  const own = (await owner.api.notification.list({})).items
  expect(own.find((n) => n.type === 'comment')?.comment).toEqual({ id: comment.id, text: 'What a light! @notes.friend look' })
  expect(own.find((n) => n.type === 'like')).not.toHaveProperty('comment')
  const mention = (await friend.api.notification.list({})).items.find((n) => n.type === 'mention')
  expect(mention?.comment?.text).toBe('What a light! @notes.friend look')

  // Deleted: the notification goes with it (the row cascades), text and all.
  await fan.api.comment.delete({ id: comment.id })
  expect((await owner.api.notification.list({})).items.some((n) => n.type === 'comment')).toBe(false)
})
