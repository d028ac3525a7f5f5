import type { C } from './c.ts'

export const b = (c: C): number => c.value
