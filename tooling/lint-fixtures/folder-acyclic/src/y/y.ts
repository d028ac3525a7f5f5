import { shared } from '../shared/shared.ts'

export const y = (): number => shared(1)
