import type { Base } from '../x/base.ts'

export const z = (): Base => ({ id: 'z' })
