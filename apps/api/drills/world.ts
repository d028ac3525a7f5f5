// The simulated people and what they do. Everything the API accepts is written down here, so the
// test can look for it afterwards in Postgres and in the followers' feeds (accepted == found).
import { randomBytes, randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { query, type Ledger } from './client.ts'

export const PASSWORD = 'correct horse battery staple'

export type Person = { id: string; username: string; token: string; ip: string }
export type AcceptedPost = { id: string; authorId: string; caption: string }

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!

let addressCounter = 0
/** A fresh client address: each simulated person, and each sign-in, comes from its own. */
export const nextAddress = () => {
  const n = ++addressCounter
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
}

/** A small JPEG of random noise: every upload is distinct content (no dedup), so blobs map to posts one to one. */
export async function tinyJpeg() {
  const side = 48
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer()
}

export class World {
  readonly people: Person[] = []
  readonly posts: AcceptedPost[] = []
  readonly likes: { userId: string; postId: string }[] = []
  readonly comments: { id: string; postId: string; authorId: string }[] = []
  /** Accepted follows, follower id → followee ids. */
  readonly following = new Map<string, Set<string>>()
  /** Uploads sent (whether or not accepted): caption → idempotency key, to look for duplicates. */
  readonly uploadsSent = new Map<string, string>()
  private readonly followsInFlight = new Set<string>()
  private counter = 0

  constructor(
    private readonly ledger: Ledger,
    private readonly base: () => string,
  ) {}

  async signUp(username: string): Promise<Person> {
    const ip = nextAddress()
    const a = await this.ledger.attempt('signIn', this.base, {
      method: 'POST',
      path: '/trpc/auth.signUp',
      ip,
      json: { username, email: `${username}@drills.test`, password: PASSWORD },
    })
    if (!a.ok || a.kind !== 'http') throw new Error(`sign-up of ${username} failed: ${JSON.stringify(a)}`)
    const data = a.body?.result?.data as { user: { id: string }; token: string }
    const person = { id: data.user.id, username, token: data.token, ip }
    this.people.push(person)
    return person
  }

  async signIn(person = pick(this.people)) {
    await this.ledger.attempt('signIn', this.base, {
      method: 'POST',
      path: '/trpc/auth.signIn',
      ip: nextAddress(),
      json: { login: person.username, password: PASSWORD },
    })
  }

  async readFeed(person = pick(this.people)) {
    await this.ledger.attempt('feed', this.base, { method: 'GET', path: query('feed.home', { mode: 'latest', limit: 20 }), token: person.token, ip: person.ip })
  }

  async like(person = pick(this.people), post = this.posts.length ? pick(this.posts) : null) {
    if (!post) return this.readFeed(person)
    const a = await this.ledger.attempt('like', this.base, { method: 'POST', path: '/trpc/post.like', token: person.token, ip: person.ip, json: { id: post.id } })
    if (a.ok) this.likes.push({ userId: person.id, postId: post.id })
  }

  async comment(person = pick(this.people), post = this.posts.length ? pick(this.posts) : null) {
    if (!post) return this.readFeed(person)
    const text = `drill comment ${++this.counter}`
    const a = await this.ledger.attempt('comment', this.base, { method: 'POST', path: '/trpc/comment.add', token: person.token, ip: person.ip, json: { postId: post.id, text } })
    if (a.ok && a.kind === 'http') this.comments.push({ id: (a.body?.result?.data as { id: string }).id, postId: post.id, authorId: person.id })
  }

  async follow(person = pick(this.people)) {
    const followed = this.following.get(person.id) ?? new Set<string>()
    const candidates = this.people.filter((p) => p.id !== person.id && !followed.has(p.id) && !this.followsInFlight.has(`${person.id}>${p.id}`))
    if (candidates.length === 0) return this.readFeed(person)
    const target = pick(candidates)
    const pair = `${person.id}>${target.id}`
    this.followsInFlight.add(pair)
    try {
      const a = await this.ledger.attempt('follow', this.base, { method: 'POST', path: '/trpc/user.follow', token: person.token, ip: person.ip, json: { username: target.username } })
      if (a.ok && a.kind === 'http' && (a.body?.result?.data as { state: string }).state === 'following') {
        this.following.set(person.id, followed.add(target.id))
      }
    } finally {
      this.followsInFlight.delete(pair)
    }
  }

  /** post.create with an Idempotency-Key kept across retries, as the web app sends it. */
  async upload(person = pick(this.people)) {
    const caption = `drill upload ${++this.counter}`
    const key = randomUUID()
    this.uploadsSent.set(caption, key)
    const form = new FormData()
    form.append('caption', caption)
    form.append('files', new File([new Uint8Array(await tinyJpeg())], 'noise.jpg', { type: 'image/jpeg' }))
    const a = await this.ledger.attempt('upload', this.base, {
      method: 'POST',
      path: '/trpc/post.create',
      token: person.token,
      ip: person.ip,
      body: form,
      headers: { 'idempotency-key': key },
      timeoutMs: 30_000,
    })
    if (a.ok && a.kind === 'http') this.posts.push({ id: (a.body?.result?.data as { id: string }).id, authorId: person.id, caption })
  }

  /** Every accepted post of the people `viewer` follows (what viewer's feed must contain). */
  expectedFeed(viewerId: string) {
    const followed = this.following.get(viewerId) ?? new Set()
    return this.posts.filter((p) => followed.has(p.authorId))
  }
}
