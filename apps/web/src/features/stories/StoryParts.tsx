import { Trash2, Volume2, VolumeX, X } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { STORY_PHOTO_MS } from '@mosaic/validators'
import { Avatar } from '../../components/Avatar.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { UserList } from '../../components/UserList.tsx'
import { trpc } from '../../lib/trpc.ts'
import type { Story, StoryEntry } from './types.ts'

type ProgressProps = {
  count: number
  current: number
  storyKey: string
  running: boolean
  /** how long the current story shows: a clip's length, else the photo time */
  durationMs?: number | undefined
  onDone: () => void
}

/** One bar per story: the ones before full, the current one filling over its time (STORY_PHOTO_MS for a photo), then empty. */
export function StoryProgress({ count, current, storyKey, running, durationMs = STORY_PHOTO_MS, onDone }: ProgressProps) {
  return (
    <div className="flex gap-1" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="h-0.5 flex-1 overflow-hidden rounded-full bg-white/35">
          {i < current ? <div className="h-full w-full bg-[#fff]" /> : null}
          {i === current ? (
            <div
              key={storyKey}
              data-testid="story-progress"
              className="h-full w-full origin-left bg-[#fff]"
              style={{ animation: `story-progress ${durationMs}ms linear forwards`, animationPlayState: running ? 'running' : 'paused' }}
              onAnimationEnd={onDone}
            />
          ) : null}
        </div>
      ))}
    </div>
  )
}

type HeaderProps = {
  entry: StoryEntry
  story: Story
  onClose: () => void
  paused: boolean
  /** for a clip: whether its sound is on, and the speaker button's action */
  sound?: { on: boolean; toggle: () => void } | undefined
}

export function StoryHeader({ entry, story, onClose, paused, sound }: HeaderProps) {
  return (
    <div className="mt-3 flex items-center gap-2 text-white">
      <Link to={`/${entry.user.username}`} onClick={onClose} className="flex min-w-0 items-center gap-2 rounded-full">
        <Avatar user={entry.user} size="sm" />
        <span className="truncate text-sm font-semibold">{entry.user.username}</span>
      </Link>
      <RelativeTime iso={story.createdAt} className="shrink-0 text-sm text-white/70" />
      {paused ? <span className="sr-only">Paused</span> : null}
      {sound ? (
        <button
          type="button"
          onClick={sound.toggle}
          aria-label={sound.on ? 'Turn sound off' : 'Turn sound on'}
          className="ml-auto inline-flex size-10 items-center justify-center rounded-full hover:bg-white/10"
        >
          {sound.on ? <Volume2 className="size-5" aria-hidden="true" /> : <VolumeX className="size-5" aria-hidden="true" />}
        </button>
      ) : null}
      <button
        type="button"
        onClick={onClose}
        aria-label="Close stories"
        className={`${sound ? '' : 'ml-auto '}inline-flex size-10 items-center justify-center rounded-full hover:bg-white/10`}
      >
        <X className="size-6" aria-hidden="true" />
      </button>
    </div>
  )
}

/** What only the owner sees: how many viewed this story and who, and a way to delete it. */
export function OwnerBar({ story, onListOpen, onDeleted }: { story: Story; onListOpen: (open: boolean) => void; onDeleted: () => void }) {
  const [listOpen, setListOpen] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const viewers = trpc.story.viewers.useInfiniteQuery({ id: story.id, limit: 30 }, { getNextPageParam: (p) => p.nextCursor })
  const remove = trpc.story.delete.useMutation({ onSuccess: onDeleted })
  const first = viewers.data?.pages[0]
  const count = first ? `${first.items.length}${first.nextCursor ? '+' : ''}` : '…'
  const setOpen = (open: boolean) => {
    setListOpen(open)
    onListOpen(open)
  }
  return (
    <div className="flex items-center justify-between px-4 pb-4 pt-2 text-white">
      <button type="button" onClick={() => setOpen(true)} className="rounded-full px-3 py-2 text-sm font-semibold hover:bg-white/10">
        Seen by {count}
      </button>
      <button
        type="button"
        onClick={() => {
          setConfirming(true)
          onListOpen(true)
        }}
        aria-label="Delete story"
        className="inline-flex size-10 items-center justify-center rounded-full hover:bg-white/10"
      >
        <Trash2 className="size-5" aria-hidden="true" />
      </button>
      <Dialog open={listOpen} onClose={() => setOpen(false)} title="Viewers">
        <UserList query={viewers} label="People who saw this story" empty="No one has seen this story yet." />
      </Dialog>
      <ConfirmDialog
        open={confirming}
        onClose={() => {
          setConfirming(false)
          onListOpen(false)
        }}
        title="Delete story?"
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ id: story.id })}
      >
        <p className="text-sm text-neutral-600">It disappears for everyone at once.</p>
      </ConfirmDialog>
    </div>
  )
}
