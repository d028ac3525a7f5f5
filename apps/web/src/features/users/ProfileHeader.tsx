import { Lock } from 'lucide-react'
import { Avatar } from '../../components/Avatar.tsx'
import { Button } from '../../components/Button.tsx'
import type { Profile } from './types.ts'

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
const plain = new Intl.NumberFormat('en')
const formatCount = (n: number) => (n >= 10_000 ? compact.format(n) : plain.format(n))

function Count({ n, one, many }: { n: number; one: string; many: string }) {
  return (
    <li className="flex flex-col items-center leading-tight md:flex-row md:gap-1.5">
      <span className="font-semibold text-neutral-900">{formatCount(n)}</span>{' '}
      <span className="text-neutral-500 md:text-neutral-900">{n === 1 ? one : many}</span>
    </li>
  )
}

type Props = { profile: Profile; isSelf: boolean; onEdit: () => void }

/**
 * One set of elements laid out two ways by the grid: on phones the counts run full width under
 * the bio; from md they sit beside the avatar between the name and the bio, as on Instagram.
 */
export function ProfileHeader({ profile, isSelf, onEdit }: Props) {
  const showName = profile.displayName && profile.displayName !== profile.username
  return (
    <header className="grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-5 gap-y-4 md:gap-x-10 md:gap-y-5 md:pb-10 lg:gap-x-20 lg:px-12">
      <div className="col-start-1 row-start-1 md:row-span-3 md:self-start">
        <Avatar user={profile} size="xl" />
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
        ) : null}
        {profile.viewer?.followsViewer ? (
          <span className="rounded-md bg-neutral-100 px-2 py-0.5 text-xs font-medium text-neutral-600">Follows you</span>
        ) : null}
      </div>

      {showName || profile.bio || (isSelf && profile.isPrivate) ? (
      <div className="col-span-2 row-start-2 space-y-1 text-sm md:col-span-1 md:col-start-2 md:row-start-3">
        {showName ? <p className="font-semibold text-neutral-900">{profile.displayName}</p> : null}
        {profile.bio ? <p className="break-words whitespace-pre-line text-neutral-800">{profile.bio}</p> : null}
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
        <Count n={profile.counts.followers} one="follower" many="followers" />
        <Count n={profile.counts.following} one="following" many="following" />
      </ul>
    </header>
  )
}
