import { z } from 'zod'
import { DomainError } from '../errors.ts'

/** Cursors are base64url JSON: opaque to clients, validated on the way back in. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

export function decodeCursor<T>(cursor: string | null | undefined, schema: z.ZodType<T>): T | null {
  if (!cursor) return null
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch {
    throw new DomainError('BAD_REQUEST', 'That page cursor is malformed', { field: 'cursor' })
  }
}

/** (createdAt, id) keyset: the order every newest-first list uses. */
export const timeIdCursor = z.tuple([z.string().datetime({ offset: true }), z.uuid()])

export type Page<T> = { items: T[]; nextCursor: string | null }

/** Fetch limit + 1 rows; if the extra one came back there is a next page, keyed on the last kept row. */
export function pageOf<R, T>(rows: R[], limit: number, key: (row: R) => unknown, map: (rows: R[]) => T[]): Page<T> {
  const kept = rows.slice(0, limit)
  const last = kept[kept.length - 1]
  return { items: map(kept), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null }
}
