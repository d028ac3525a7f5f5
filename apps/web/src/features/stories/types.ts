import type { RouterOutputs } from '@mosaic/trpc'

export type StoryEntry = RouterOutputs['story']['tray'][number]
export type Story = StoryEntry['stories'][number]
