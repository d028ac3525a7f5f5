import { shared } from '../shared/shared.ts'
import { y } from '../y/y.ts'

export const x = (): number => shared(y())
