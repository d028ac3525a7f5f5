export { x } from './x/x.ts'
export { y } from './y/y.ts'
