export { approveFollow, block, denyFollow, follow, followRequests, listEdges, removeFollower, unblock, unfollow } from './follow.service.ts'
export { blockedAccounts } from './blocks.ts'
export type { AbuseLimits } from './guard.ts'
export { canSeeContent, relationBetween, type Relation } from '../access/relation.ts'
