import { z } from 'zod'
import { cursorSchema, limitSchema } from './pagination.ts'

export const explorePostsInput = z.object({ cursor: cursorSchema, limit: limitSchema(50, 24) }).default({ limit: 24 })
