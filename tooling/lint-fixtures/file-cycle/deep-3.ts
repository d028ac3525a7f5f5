export type { One as Three } from './deep-1.ts'
