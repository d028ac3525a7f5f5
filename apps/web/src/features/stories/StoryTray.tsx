import { Plus } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { Avatar } from '../../components/Avatar.tsx'
import { StoryRing } from '../../components/StoryRing.tsx'
import { useSession } from '../../lib/session.ts'
import { trpc } from '../../lib/trpc.ts'
import { StoryViewer } from './StoryViewer.tsx'
import type { StoryEntry } from './types.ts'

const ITEM = 'flex w-[4.5rem] flex-col items-center gap-1 text-xs'

/**
 * The row of round avatars above the home feed: your own first (with a "+" to add one), then the
 * people you follow with live stories, unseen (coloured ring) before seen (grey).
 */
export function StoryTray() {
  const { viewer } = useSession()
  const utils = trpc.useUtils()
  const tray = trpc.story.tray.useQuery(undefined, { enabled: viewer !== null, refetchInterval: 60_000 })
  // The viewer plays a snapshot of the tray: marking stories seen reorders it underneath.
  const [open, setOpen] = useState<{ entries: StoryEntry[]; at: number } | null>(null)
  if (!viewer || !tray.data) return null
  const entries = tray.data
  const hasOwn = entries[0]?.user.id === viewer.id

  return (
    <nav aria-label="Stories" className="-mx-4 mb-4 border-b border-neutral-200 md:mx-0 md:mb-6 md:border-b-0">
      <ul className="flex gap-3 overflow-x-auto px-4 pb-3 pt-1 [scrollbar-width:none] md:px-0">
        {hasOwn ? null : (
          <li className="shrink-0">
            <Link to="/new/story" className={`${ITEM} text-neutral-600`}>
              <span className="relative">
                <StoryRing state="none">
                  <Avatar user={viewer} size="lg" className="!size-16" />
                </StoryRing>
                <AddBadge />
              </span>
              <span className="w-full truncate text-center">Your story</span>
            </Link>
          </li>
        )}
        {entries.map((entry, i) => {
          const own = entry.user.id === viewer.id
          return (
            <li key={entry.user.id} className="relative shrink-0">
              <button
                type="button"
                onClick={() => setOpen({ entries, at: i })}
                aria-label={`${own ? 'Your story' : `Story by ${entry.user.username}`}${entry.hasUnseen ? ', not seen yet' : ''}`}
                className={`${ITEM} text-neutral-900`}
              >
                <StoryRing state={entry.hasUnseen ? 'unseen' : 'seen'}>
                  <Avatar user={entry.user} size="lg" className="!size-16" />
                </StoryRing>
                <span className={`w-full truncate text-center ${entry.hasUnseen ? '' : 'text-neutral-500'}`}>{own ? 'Your story' : entry.user.username}</span>
              </button>
              {own ? (
                <Link to="/new/story" aria-label="Add to your story" className="absolute left-[3.25rem] top-[3.25rem] rounded-full">
                  <AddBadge inline />
                </Link>
              ) : null}
            </li>
          )
        })}
      </ul>
      {open ? (
        <StoryViewer
          entries={open.entries}
          startAt={open.at}
          onClose={() => {
            setOpen(null)
            void utils.story.tray.invalidate()
          }}
        />
      ) : null}
    </nav>
  )
}

function AddBadge({ inline = false }: { inline?: boolean }) {
  return (
    <span
      className={`${inline ? 'flex' : 'absolute bottom-0 right-0 inline-flex'} size-5 items-center justify-center rounded-full border-2 border-white bg-accent-600 text-white`}
    >
      <Plus className="size-3" strokeWidth={3} aria-hidden="true" />
    </span>
  )
}
