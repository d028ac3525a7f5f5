import { randomBytes } from 'node:crypto'
import { sha256Hex } from '@mosaic/util'

/** 256 random bits, url-safe. The client holds the token; the database holds only its sha256. */
export const newSessionToken = () => randomBytes(32).toString('base64url')

export const hashToken = (token: string) => sha256Hex(token)

/** Cheap shape check before any lookup: a malformed token never reaches the database. */
export const isWellFormedToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token)
