import type { RouterOutputs } from '@mosaic/trpc'
import type { Location } from 'react-router'

export type Post = RouterOutputs['post']['byId']
export type Media = Post['media'][number]

/**
 * What a link that opens a post in the modal carries: the page underneath (`background`) and, from
 * a grid, the ids of the grid's posts in order, so the modal can step to the previous and next one.
 */
export type PostModalState = { background: Location; gallery?: string[] }
