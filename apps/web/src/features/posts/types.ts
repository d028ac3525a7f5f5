import type { RouterOutputs } from '@mosaic/trpc'

export type Post = RouterOutputs['post']['byId']
export type Media = Post['media'][number]
