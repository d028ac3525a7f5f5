import { and, eq, gt, lt, or, type SQL, type SQLWrapper } from '@mosaic/db'
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

/**
 * SQL: rows strictly past a (createdAt, id) cursor in the list's order — older for newest-first
 * lists, newer for oldest-first ones. No cursor, no condition.
 */
export function pastCursor(createdAt: SQLWrapper, id: SQLWrapper, after: [string, string] | null, order: 'desc' | 'asc' = 'desc'): SQL | undefined {
  if (!after) return undefined
  const at = new Date(after[0])
  const beyond = order === 'desc' ? lt : gt
  return or(beyond(createdAt, at), and(eq(createdAt, at), beyond(id, after[1])))
}

export type Page<T> = { items: T[]; nextCursor: string | null }

/** Fetch limit + 1 rows; if the extra one came back there is a next page, keyed on the last kept row. */
export function pageOf<R, T>(rows: R[], limit: number, key: (row: R) => unknown, map: (rows: R[]) => T[]): Page<T> {
  const kept = rows.slice(0, limit)
  const last = kept[kept.length - 1]
  return { items: map(kept), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null }
}
