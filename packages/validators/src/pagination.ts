import { z } from 'zod'

// Cursors are opaque to clients; the server decodes and validates them itself.
export const cursorSchema = z.string().max(512).optional().nullable()

export const limitSchema = (max = 50, fallback = 20) => z.number().int().min(1).max(max).default(fallback)

export const pageInput = z.object({ cursor: cursorSchema, limit: limitSchema() })
