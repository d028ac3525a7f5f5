export { x } from './x/x.ts'
