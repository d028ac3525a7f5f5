// Steady traffic through the balancer while a fault happens: readers page their feeds, a writer
// posts and the others like what it posted. Every answer is written down, so the test can say that
// reads answered throughout and that every write the cluster accepted is still there afterwards.
import { randomUUID } from 'node:crypto'
import { query, send, type Answer, type Request } from '../drills/client.ts'
import { tinyJpeg } from '../drills/world.ts'
import type { Person } from './people.ts'

type Outcome = { at: number; what: string; answer: string }

const describe = (a: Answer) => (a.kind === 'http' ? `${a.status}` : `${a.kind}: ${a.detail}`)

export class Traffic {
  readonly reads: Outcome[] = []
  readonly writes: Outcome[] = []
  readonly accepted = { posts: [] as string[], likes: [] as { by: Person; postId: string }[] }
  private running = true
  private readonly loops: Promise<void>[] = []
  private readonly t0 = Date.now()

  constructor(
    private readonly base: string,
    private readonly readers: Person[],
    private readonly writer: Person,
  ) {
    for (const reader of readers) this.loops.push(this.readLoop(reader))
    this.loops.push(this.writeLoop())
  }

  async stop() {
    this.running = false
    await Promise.all(this.loops)
  }

  /** Reads that did not answer 200, with when (ms since the traffic started) and what came back. */
  get failedReads() {
    return this.reads.filter((r) => r.answer !== '200')
  }

  private async readLoop(reader: Person) {
    while (this.running) {
      const a = await send(this.base, { method: 'GET', path: query('feed.home', { mode: 'latest', limit: 10 }), token: reader.token, ip: reader.ip })
      this.reads.push({ at: Date.now() - this.t0, what: `feed of ${reader.username}`, answer: describe(a) })
      await sleep(50)
    }
  }

  private async writeLoop() {
    for (let n = 0; this.running; n++) {
      const form = new FormData()
      form.append('caption', `during the fault ${n}`)
      form.append('files', new File([new Uint8Array(await tinyJpeg())], 'noise.jpg', { type: 'image/jpeg' }))
      const created = await this.write('post.create', { method: 'POST', path: '/trpc/post.create', token: this.writer.token, ip: this.writer.ip, body: form, headers: { 'idempotency-key': randomUUID() }, timeoutMs: 30_000 })
      const postId = (created?.body?.result?.data as { id?: string } | undefined)?.id
      if (!postId) continue
      this.accepted.posts.push(postId)
      for (const liker of this.readers) {
        const liked = await this.write('post.like', { method: 'POST', path: '/trpc/post.like', token: liker.token, ip: liker.ip, json: { id: postId } })
        if (liked) this.accepted.likes.push({ by: liker, postId })
      }
      await sleep(100)
    }
  }

  /** One write, retried as a well-behaved client would while the answer says so (503 + Retry-After). */
  private async write(what: string, r: Request): Promise<(Answer & { kind: 'http' }) | null> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const a = await send(this.base, r)
      this.writes.push({ at: Date.now() - this.t0, what, answer: describe(a) })
      if (a.kind === 'http' && a.status < 300) return a
      const retryAfter = a.kind === 'http' && a.status === 503 ? a.retryAfter : null
      if (retryAfter === null) return null
      await sleep(Math.min(2000, Number(retryAfter) * 1000 || 250))
    }
    return null
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
