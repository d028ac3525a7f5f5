import { z } from '../z/z.ts'

export const y = z
