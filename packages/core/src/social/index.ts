export { approveFollow, block, denyFollow, follow, followRequests, listEdges, removeFollower, unblock, unfollow } from './follow.service.ts'
export { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from './guard.ts'
export { canSeeContent, relationBetween, type Relation } from './relation.ts'
