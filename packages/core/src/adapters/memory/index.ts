export { createMemoryQueue } from './queue.ts'
export { createMemoryRateLimiter } from './rate-limiter.ts'
export { createMemorySnapshots } from './snapshots.ts'
export { createMemorySuggestionCache } from './suggestion-cache.ts'
