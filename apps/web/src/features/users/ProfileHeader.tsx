import { Ban, Lock } from 'lucide-react'
import { useState } from 'react'
import { Avatar } from '../../components/Avatar.tsx'
import { Button } from '../../components/Button.tsx'
import { MenuButton } from '../../components/MenuButton.tsx'
import { useSession } from '../../lib/session.ts'
import { StoryAvatar } from '../stories/StoryAvatar.tsx'
import { BlockDialog, useUnblock } from './blocking.tsx'
import { FollowButton } from '../../components/FollowButton.tsx'
import type { FollowListKind } from './FollowListDialog.tsx'
import type { Profile } from '../../lib/userTypes.ts'
import { RichText } from '../posts/richText.tsx'

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
const plain = new Intl.NumberFormat('en')
const formatCount = (n: number) => (n >= 10_000 ? compact.format(n) : plain.format(n))

/** A count; followers and following open their list when the viewer may see it. */
function Count({ n, one, many, onOpen }: { n: number; one: string; many: string; onOpen?: (() => void) | undefined }) {
  const content = (
    <>
      <span className="font-semibold text-neutral-900">{formatCount(n)}</span>{' '}
      <span className="text-neutral-500 md:text-neutral-900">{n === 1 ? one : many}</span>
    </>
  )
  const layout = 'flex flex-col items-center leading-tight md:flex-row md:gap-1.5'
  return (
    <li className="flex justify-center md:block">
      {onOpen ? (
        <button type="button" onClick={onOpen} className={`${layout} -my-1 rounded-lg px-2 py-1 hover:bg-neutral-100 md:-mx-2`}>
          {content}
        </button>
      ) : (
        <span className={layout}>{content}</span>
      )}
    </li>
  )
}

/** Block or unblock, behind "More options" on someone else's profile. */
function ProfileMenu({ profile }: { profile: Profile }) {
  const [blocking, setBlocking] = useState(false)
  const { unblock } = useUnblock(profile.username)
  const blocked = profile.viewer?.blocked ?? false
  return (
    <>
      <MenuButton
        menuLabel="Profile options"
        items={[blocked ? { label: 'Unblock', icon: Ban, onSelect: unblock } : { label: 'Block', icon: Ban, danger: true, onSelect: () => setBlocking(true) }]}
      />
      <BlockDialog username={profile.username} open={blocking} onClose={() => setBlocking(false)} />
    </>
  )
}

type Props = { profile: Profile; isSelf: boolean; onEdit: () => void; onOpenList: (kind: FollowListKind) => void }

/**
 * One set of elements laid out two ways by the grid: on phones the counts run full width under
 * the bio; from md they sit beside the avatar between the name and the bio, as on Instagram.
 */
export function ProfileHeader({ profile, isSelf, onEdit, onOpenList }: Props) {
  const { viewer } = useSession()
  const showName = profile.displayName && profile.displayName !== profile.username
  const blocked = profile.viewer?.blocked ?? false
  // The lists follow the same rule as the posts: public, your own, or a private account you follow.
  const canOpenLists = !blocked && (isSelf || !profile.isPrivate || profile.viewer?.follow === 'following')
  return (
    <header className="grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-5 gap-y-4 md:gap-x-10 md:gap-y-5 md:pb-10 lg:gap-x-20 lg:px-12">
      <div className="col-start-1 row-start-1 md:row-span-3 md:self-start">
        <StoryAvatar user={profile}>
          <Avatar user={profile} size="xl" />
        </StoryAvatar>
      </div>

      <div className="col-start-2 row-start-1 flex min-w-0 flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="flex min-w-0 items-center gap-1.5 text-xl text-neutral-900">
          <span className="truncate">{profile.username}</span>
          {profile.isPrivate ? <Lock className="size-4 shrink-0 text-neutral-500" aria-hidden="true" /> : null}
        </h1>
        {isSelf ? (
          <Button variant="secondary" onClick={onEdit}>
            Edit profile
          </Button>
        ) : (
          <div className="flex items-center gap-2">
            {blocked ? null : <FollowButton username={profile.username} />}
            {viewer ? <ProfileMenu profile={profile} /> : null}
          </div>
        )}
        {profile.viewer?.followsViewer && !blocked ? (
          <span className="rounded-md bg-neutral-100 px-2 py-0.5 text-xs font-medium text-neutral-600">Follows you</span>
        ) : null}
      </div>

      {showName || profile.bio || (isSelf && profile.isPrivate) ? (
      <div className="col-span-2 row-start-2 space-y-1 text-sm md:col-span-1 md:col-start-2 md:row-start-3">
        {showName ? <p className="font-semibold text-neutral-900">{profile.displayName}</p> : null}
        {profile.bio ? (
          <p className="break-words whitespace-pre-line text-neutral-800">
            <RichText text={profile.bio} />
          </p>
        ) : null}
        {isSelf && profile.isPrivate ? (
          <p className="flex items-center gap-1.5 pt-1 text-neutral-500">
            <Lock className="size-3.5" aria-hidden="true" />
            <span>This account is private</span>
          </p>
        ) : null}
      </div>
      ) : null}

      <ul
        aria-label="Counts"
        className="col-span-2 row-start-3 -mx-4 grid grid-cols-3 border-y border-neutral-200 py-3 text-center text-sm md:col-span-1 md:col-start-2 md:row-start-2 md:mx-0 md:flex md:flex-wrap md:gap-x-8 md:gap-y-1 md:border-0 lg:gap-x-10 md:py-0 md:text-base"
      >
        <Count n={profile.counts.posts} one="post" many="posts" />
        <Count n={profile.counts.followers} one="follower" many="followers" onOpen={canOpenLists ? () => onOpenList('followers') : undefined} />
        <Count n={profile.counts.following} one="following" many="following" onOpen={canOpenLists ? () => onOpenList('following') : undefined} />
      </ul>
    </header>
  )
}
