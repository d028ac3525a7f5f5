import { useState, type ReactNode } from 'react'
import { StoryRing } from '../../components/StoryRing.tsx'
import { trpc } from '../../lib/trpc.ts'
import { StoryViewer } from './StoryViewer.tsx'

/**
 * An avatar that opens the account's stories when it has a live one (`hasStory`), with the ring
 * around it; otherwise just the avatar.
 */
export function StoryAvatar({ user, children }: { user: { username: string; hasStory?: boolean | undefined }; children: ReactNode }) {
  const [open, setOpen] = useState(false)
  const utils = trpc.useUtils()
  const entry = trpc.story.byUser.useQuery({ username: user.username }, { enabled: user.hasStory === true })
  if (!user.hasStory) return <>{children}</>
  const unseen = entry.data?.hasUnseen ?? true
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        disabled={!entry.data || entry.data.stories.length === 0}
        aria-label={`Story by ${user.username}${unseen ? ', not seen yet' : ''}`}
        className="rounded-full"
      >
        <StoryRing state={unseen ? 'unseen' : 'seen'}>{children}</StoryRing>
      </button>
      {open && entry.data ? (
        <StoryViewer
          entries={[entry.data]}
          startAt={0}
          onClose={() => {
            setOpen(false)
            void utils.story.byUser.invalidate({ username: user.username })
            void utils.story.tray.invalidate()
          }}
        />
      ) : null}
    </>
  )
}
