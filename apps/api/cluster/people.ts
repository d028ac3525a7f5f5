// What people do, over plain HTTP through the balancer (as a browser or a phone would): every call
// returns the parsed answer or throws with what came back, so a test reads as a story.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { paths } from '../src/paths.ts'
import { query, send, type Answer, type Request } from '../drills/client.ts'
import { PASSWORD, nextAddress, tinyJpeg } from '../drills/world.ts'

export type Person = { id: string; username: string; token: string; ip: string }
export type Page<T> = { items: T[]; nextCursor: string | null }
export type PostOut = { id: string; caption: string; likeCount: number; commentCount: number; viewerHasLiked: boolean; media: { urls: { thumb: string; large: string } }[] }

export class HttpError extends Error {
  constructor(
    readonly what: string,
    readonly answer: Answer,
  ) {
    super(`${what}: ${answer.kind === 'http' ? `${answer.status} ${JSON.stringify(answer.body)}` : `${answer.kind} ${answer.detail}`}`)
  }
}

/** Sends and returns tRPC's `result.data`, or throws an HttpError. */
export async function call<T>(base: string, what: string, r: Request): Promise<T> {
  const a = await send(base, r)
  if (a.kind !== 'http' || a.status >= 300) throw new HttpError(what, a)
  return a.body?.result?.data as T
}

export const get = <T>(base: string, person: Person | null, proc: string, input: unknown = {}) =>
  call<T>(base, proc, { method: 'GET', path: query(proc, input), token: person?.token, ip: person?.ip ?? '127.0.0.1' })

export const post = <T>(base: string, person: Person | null, proc: string, json: unknown) =>
  call<T>(base, proc, { method: 'POST', path: `/trpc/${proc}`, token: person?.token, ip: person?.ip ?? nextAddress(), json })

export async function signUp(base: string, username: string): Promise<Person> {
  const ip = nextAddress()
  const data = await post<{ user: { id: string }; token: string }>(base, null, 'auth.signUp', { username, email: `${username}@cluster.test`, password: PASSWORD })
  return { id: data.user.id, username, token: data.token, ip }
}

/** A photo from the shared fixtures, or (without `fixture`) a small JPEG of noise, unique per call. */
export async function upload(base: string, person: Person, caption: string, fixture?: string): Promise<PostOut> {
  const bytes = fixture ? readFileSync(path.join(paths.fixtures, fixture)) : await tinyJpeg()
  const form = new FormData()
  form.append('caption', caption)
  form.append('files', new File([new Uint8Array(bytes)], fixture ?? 'noise.jpg', { type: 'image/jpeg' }))
  return call<PostOut>(base, 'post.create', {
    method: 'POST',
    path: '/trpc/post.create',
    token: person.token,
    ip: person.ip,
    body: form,
    headers: { 'idempotency-key': randomUUID() },
    timeoutMs: 30_000,
  })
}

/** Walks feed.home page by page (`limit` per page) and returns every post id, in order. */
export async function feedIds(base: string, person: Person, limit = 2): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  for (let page = 0; page < 100; page++) {
    const input: { mode: string; limit: number; cursor?: string } = { mode: 'latest', limit }
    if (cursor) input.cursor = cursor
    const p: Page<PostOut> = await get<Page<PostOut>>(base, person, 'feed.home', input)
    ids.push(...p.items.map((i) => i.id))
    cursor = p.nextCursor
    if (!cursor) break
  }
  return ids
}

/** Retries `fn` until it stops throwing (replicas and fan-out are eventually there) or `ms` pass. */
export async function eventually<T>(fn: () => Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      return await fn()
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}
