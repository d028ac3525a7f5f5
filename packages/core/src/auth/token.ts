import { createHash, randomBytes } from 'node:crypto'

/** 256 random bits, url-safe. The client holds the token; the database holds only its sha256. */
export const newSessionToken = () => randomBytes(32).toString('base64url')

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** Cheap shape check before any lookup: a malformed token never reaches the database. */
export const isWellFormedToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token)
