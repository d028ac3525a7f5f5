import type { RouterOutputs } from '@mosaic/trpc'

export type Profile = RouterOutputs['user']['byUsername']
export type UserSummary = RouterOutputs['user']['followers']['items'][number]
export type FollowState = NonNullable<Profile['viewer']>['follow']
