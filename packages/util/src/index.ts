// Small Node helpers the server packages share, each written once. No dependencies and no domain:
// anything that knows about photos, posts or engines belongs in the package that owns it.
export { sha256Hex } from './hash.ts'
export { withTimeout } from './timeout.ts'
