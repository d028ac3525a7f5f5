import type { Two } from './deep-2.ts'

export type One = { two: Two }
