import { randomUUID } from 'node:crypto'
import { sha256Hex } from '@mosaic/util'
import { and, eq, isNull, lt, schema, sql, type Queryable } from '@mosaic/db'
import { DomainError } from '../errors.ts'

const { idempotencyKeys } = schema

/** How long a finished upload's key answers retries with its post. */
export const IDEMPOTENCY_TTL_HOURS = 24
/** An upload in flight holds its key this long, renewed while it runs; a crashed process frees it after one lease. */
export const IDEMPOTENCY_LEASE_SECONDS = 30
/** Letters, digits, `-` and `_`: a UUID fits, and nothing needs escaping anywhere. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{1,128}$/

export type IdempotencyClaim = {
  key: string
  userId: string
  token: string
  /** Stops renewing the lease; frees the key unless a post was written under it. Safe to call twice. */
  release(): Promise<void>
}

/** What a key says before an upload is read: ours to use, or already answered by a post. */
export type KeyState = { kind: 'claimed'; claim: IdempotencyClaim } | { kind: 'done'; postId: string; fingerprint: string | null }

export function checkKeyFormat(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError('BAD_REQUEST', 'The Idempotency-Key must be 1 to 128 letters, digits, dashes or underscores', { field: 'idempotency-key' })
  }
}

/**
 * Takes the key for one upload, across every process sharing the database: a fresh key, one
 * older than 24 h, or one whose upload stopped renewing its lease is claimed; a finished one
 * reports its post; one still running answers CONFLICT with the seconds its lease has left.
 */
export async function claimKey(db: Queryable, userId: string, key: string): Promise<KeyState> {
  checkKeyFormat(key)
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = randomUUID()
    const lease = sql`now() + make_interval(secs => ${IDEMPOTENCY_LEASE_SECONDS})`
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ userId, key, claim: token, leaseUntil: lease, fingerprint: null, postId: null })
      .onConflictDoUpdate({
        target: [idempotencyKeys.userId, idempotencyKeys.key],
        set: { claim: token, leaseUntil: lease, fingerprint: null, postId: null, createdAt: sql`now()` },
        setWhere: sql`${idempotencyKeys.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
          or (${idempotencyKeys.postId} is null and ${idempotencyKeys.leaseUntil} < now())`,
      })
      .returning({ claim: idempotencyKeys.claim })
    if (claimed[0]?.claim === token) return { kind: 'claimed', claim: holdClaim(db, userId, key, token) }

    const [row] = await db
      .select({
        postId: idempotencyKeys.postId,
        fingerprint: idempotencyKeys.fingerprint,
        secondsLeft: sql<number>`greatest(1, ceil(extract(epoch from ${idempotencyKeys.leaseUntil} - now())))::int`,
      })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
    if (!row) continue // released between the two statements: try again
    if (row.postId) return { kind: 'done', postId: row.postId, fingerprint: row.fingerprint }
    throw new DomainError('CONFLICT', 'An upload with this Idempotency-Key is still in progress; retry in a moment', {
      retryAfterSeconds: Math.min(row.secondsLeft, IDEMPOTENCY_LEASE_SECONDS),
    })
  }
  throw new DomainError('CONFLICT', 'An upload with this Idempotency-Key is still in progress; retry in a moment', { retryAfterSeconds: 1 })
}

function holdClaim(db: Queryable, userId: string, key: string, token: string): IdempotencyClaim {
  const mine = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.claim, token))
  const renew = setInterval(
    () => void db.update(idempotencyKeys).set({ leaseUntil: sql`now() + make_interval(secs => ${IDEMPOTENCY_LEASE_SECONDS})` }).where(mine).catch(() => {}),
    (IDEMPOTENCY_LEASE_SECONDS * 1000) / 3,
  ).unref()
  let released: Promise<void> | null = null
  return {
    key,
    userId,
    token,
    release() {
      clearInterval(renew)
      released ??= db
        .delete(idempotencyKeys)
        .where(and(mine, isNull(idempotencyKeys.postId)))
        .then(
          () => {},
          () => {}, // a key left behind expires with its lease
        )
      return released
    },
  }
}

/**
 * Inside the post's own transaction: records that this key made `postId`. Fails, rolling the post
 * back, if the lease was lost meanwhile (another request took the key), so a key never makes two posts.
 */
export async function completeKey(tx: Queryable, claim: IdempotencyClaim, postId: string, fingerprint: string): Promise<void> {
  const done = await tx
    .update(idempotencyKeys)
    .set({ postId, fingerprint })
    .where(and(eq(idempotencyKeys.userId, claim.userId), eq(idempotencyKeys.key, claim.key), eq(idempotencyKeys.claim, claim.token)))
    .returning({ key: idempotencyKeys.key })
  if (done.length === 0) {
    throw new DomainError('CONFLICT', 'An upload with this Idempotency-Key is still in progress; retry in a moment', { retryAfterSeconds: 1 })
  }
}

/** The content a key stands for: every file's hash, in order, and every field. */
export function fingerprintOf(files: readonly { sha256: string }[], fields: ReadonlyMap<string, string[]>): string {
  const sorted = [...fields.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return sha256Hex(JSON.stringify({ files: files.map((f) => f.sha256), fields: sorted }))
}

/** Keys past their 24 hours, for the sweep. */
export async function deleteExpiredKeys(db: Queryable): Promise<number> {
  const gone = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`))
    .returning({ key: idempotencyKeys.key })
  return gone.length
}
