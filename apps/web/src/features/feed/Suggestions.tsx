import type { RouterOutputs } from '@mosaic/trpc'
import { useId } from 'react'
import { Link } from 'react-router'
import { RetryNote } from '../../components/LoadStates.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { FollowButton } from '../../components/FollowButton.tsx'
import { UserRow } from '../../components/UserList.tsx'
import { Avatar } from '../../components/Avatar.tsx'

export type Suggestion = RouterOutputs['user']['suggestions'][number]

/** The parts of the user.suggestions query the list needs. */
export type SuggestionsQuery = {
  data: Suggestion[] | undefined
  isPending: boolean
  isError: boolean
  refetch: () => unknown
}

type Props = {
  query: SuggestionsQuery
  /** the side column and the end of the feed: fewer people, smaller pictures, nothing when there is no one */
  compact?: boolean
  /** a "See all" link to the page of every suggestion (not on that page itself) */
  seeAll?: boolean
  /** the page of every suggestion has its own heading */
  heading?: boolean
  /** `strip`: cards in one row that scrolls sideways (phones, under the feed) */
  layout?: 'list' | 'strip'
  className?: string
}

export const SUGGESTIONS_PATH = '/explore/people'

/**
 * "Suggested for you": people to follow and why (who you follow follows them, or they are
 * popular). Following someone keeps them on the list, as "Following", until the page is next opened.
 */
export function Suggestions({ query, compact = false, seeAll = true, heading = true, layout = 'list', className = '' }: Props) {
  const headingId = useId()
  const people = compact ? query.data?.slice(0, layout === 'strip' ? 10 : 5) : query.data
  if (compact && !query.isPending && !people?.length) return null

  let body
  if (query.isPending) {
    body = (
      <div className="flex justify-center py-6">
        <Spinner className="size-5 text-neutral-400" label="Loading suggestions" />
      </div>
    )
  } else if (query.isError) {
    body = <RetryNote message="Couldn't load suggestions." onRetry={() => void query.refetch()} className="items-start py-2" />
  } else if (!people?.length) {
    body = <p className="py-2 text-sm text-neutral-500">No suggestions right now. As more people join and share, you'll find them here.</p>
  } else if (layout === 'strip') {
    body = (
      <ul className="-mx-4 flex snap-x gap-3 overflow-x-auto px-4 pt-1 pb-2 [scrollbar-width:none]">
        {people.map((s) => (
          <SuggestionCard key={s.id} suggestion={s} />
        ))}
      </ul>
    )
  } else {
    body = (
      <ul className={compact ? '' : '-my-1'}>
        {people.map((s) => (
          <UserRow key={s.id} user={s} avatarSize={compact ? 'sm' : 'md'} action={<FollowButton username={s.username} />}>
            <p className="mt-0.5 truncate text-xs text-neutral-500">{s.reason}</p>
          </UserRow>
        ))}
      </ul>
    )
  }

  return (
    <section aria-labelledby={heading ? headingId : undefined} aria-label={heading ? undefined : 'Suggested for you'} className={className}>
      {heading ? (
        <div className={`flex items-baseline justify-between gap-4 ${compact ? 'mb-1' : 'mb-2'}`}>
          <h2 id={headingId} className={compact ? 'text-sm font-semibold text-neutral-500' : 'text-base font-semibold text-neutral-900'}>
            Suggested for you
          </h2>
          {seeAll && people?.length ? (
            <Link to={SUGGESTIONS_PATH} className="text-xs font-semibold text-neutral-900 hover:text-neutral-500" aria-label="See all suggestions">
              See all
            </Link>
          ) : null}
        </div>
      ) : null}
      {body}
    </section>
  )
}

/** One person as a card in the sideways strip: picture, name, why, and the follow button. */
function SuggestionCard({ suggestion: s }: { suggestion: Suggestion }) {
  return (
    <li className="flex w-40 shrink-0 snap-start flex-col items-center rounded-xl border border-neutral-200 px-3 pt-4 pb-3 text-center">
      <Link to={`/${s.username}`} className="flex min-w-0 max-w-full flex-col items-center rounded-lg">
        <span aria-hidden="true">
          <Avatar user={s} size="lg" />
        </span>
        <span className="mt-2 block max-w-full truncate text-sm font-semibold text-neutral-900">{s.username}</span>
      </Link>
      <p className="mt-0.5 line-clamp-2 h-8 text-xs leading-4 text-neutral-500">{s.reason}</p>
      <FollowButton username={s.username} className="mt-3 w-full" />
    </li>
  )
}
