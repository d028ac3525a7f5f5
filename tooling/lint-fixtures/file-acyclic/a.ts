import { b } from './b.ts'
import type { C } from './c.ts'

export const a = (c: C): number => b(c) + 1
