import type { RouterOutputs } from '@mosaic/trpc'

export type Profile = RouterOutputs['user']['byUsername']
