// A test may reach into another domain to set up its world: that is no folder dependency.
import { x } from '../x/x.ts'
import { y } from './y.ts'

export const check = (): boolean => x() > y()
