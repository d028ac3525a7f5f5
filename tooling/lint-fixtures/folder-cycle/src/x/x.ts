import { y } from '../y/y.ts'

export const x = (): string => y().id
