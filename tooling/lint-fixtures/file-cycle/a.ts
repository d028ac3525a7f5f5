import type { B } from './b.ts'

export interface A {
  next?: B
}
