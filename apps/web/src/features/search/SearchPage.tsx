import { Hash, Search, SearchX } from 'lucide-react'
import { Link, useSearchParams } from 'react-router'
import { EmptyState } from '../../components/EmptyState.tsx'
import { FollowButton } from '../../components/FollowButton.tsx'
import { LoadFailed } from '../../components/LoadStates.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { TabPanel, Tabs } from '../../components/Tabs.tsx'
import { UserRow } from '../../components/UserList.tsx'
import { postCount } from '../../lib/format.ts'
import { trpc } from '../../lib/trpc.ts'
import { InfinitePostGrid } from '../posts/PostGrid.tsx'
import { splitQuery } from './query.ts'
import { SearchBox } from './SearchBox.tsx'

const TABS = [
  { key: 'posts', label: 'Posts' },
  { key: 'people', label: 'People' },
  { key: 'tags', label: 'Tags' },
] as const
type Tab = (typeof TABS)[number]['key']
const asTab = (v: string | null): Tab => (v === 'people' || v === 'tags' ? v : 'posts')

const LIST_LIMIT = 30
const TABS_ID = 'search-tabs'

/** /search?q=…&type=people — what a search finds: posts (the default), people or tags. */
export function SearchPage() {
  const [params, setParams] = useSearchParams()
  const q = (params.get('q') ?? '').trim()
  const tab = asTab(params.get('type'))
  const select = (next: Tab) =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev)
        if (next === 'posts') out.delete('type')
        else out.set('type', next)
        return out
      },
      { replace: true, preventScrollReset: true },
    )

  return (
    <>
      <title>{q ? `${q} • Search • Mosaic` : 'Search • Mosaic'}</title>
      {/* Phones have no sidebar: the field sits on the page, holding the query to refine it. */}
      <SearchBox className="mb-5 md:hidden" />
      <h1 className="mb-4 truncate text-xl font-bold tracking-tight md:text-2xl">{q ? `Results for “${q}”` : 'Search'}</h1>
      {q ? (
        <>
          <Tabs tabs={TABS} selected={tab} onSelect={select} label="Search results" idPrefix={TABS_ID} className="mb-4" />
          <TabPanel idPrefix={TABS_ID} selected={tab}>
            {tab === 'posts' ? <PostResults q={q} /> : tab === 'people' ? <PeopleResults q={q} /> : <TagResults q={q} />}
          </TabPanel>
        </>
      ) : (
        <EmptyState icon={Search} title="Search Mosaic">
          Find people by name, tags by #, and photos by what their captions, tags and places say.
        </EmptyState>
      )}
    </>
  )
}

function NothingFound({ q, what }: { q: string; what: string }) {
  return (
    <EmptyState icon={SearchX} title={`No ${what} found`}>
      Nothing matches “{q}”. Check the spelling or try fewer words.
    </EmptyState>
  )
}

function PostResults({ q }: { q: string }) {
  const posts = trpc.search.posts.useInfiniteQuery({ q, limit: 24 }, { getNextPageParam: (page) => page.nextCursor })
  return <InfinitePostGrid query={posts} label={`Posts matching “${q}”`} empty={<NothingFound q={q} what="posts" />} />
}

function Pending({ label }: { label: string }) {
  return (
    <div className="flex justify-center py-10">
      <Spinner className="size-6 text-neutral-400" label={label} />
    </div>
  )
}

function PeopleResults({ q }: { q: string }) {
  const { term } = splitQuery(q)
  const people = trpc.search.users.useQuery({ q: term, limit: LIST_LIMIT }, { enabled: term.length > 0 })
  if (!term) return <NothingFound q={q} what="people" />
  if (people.isPending) return <Pending label="Searching people" />
  if (people.isError) return <LoadFailed error={people.error} onRetry={() => void people.refetch()} />
  if (people.data.length === 0) return <NothingFound q={q} what="people" />
  return (
    <ul aria-label={`People matching “${q}”`} className="mx-auto max-w-xl">
      {people.data.map((user) => (
        <UserRow key={user.id} user={user} action={<FollowButton username={user.username} />} />
      ))}
    </ul>
  )
}

function TagResults({ q }: { q: string }) {
  const { term } = splitQuery(q)
  const tags = trpc.search.tags.useQuery({ q: term, limit: LIST_LIMIT }, { enabled: term.length > 0 })
  if (!term) return <NothingFound q={q} what="tags" />
  if (tags.isPending) return <Pending label="Searching tags" />
  if (tags.isError) return <LoadFailed error={tags.error} onRetry={() => void tags.refetch()} />
  if (tags.data.length === 0) return <NothingFound q={q} what="tags" />
  return (
    <ul aria-label={`Tags matching “${q}”`} className="mx-auto max-w-xl">
      {tags.data.map((t) => (
        <li key={t.tag}>
          <Link to={`/t/${encodeURIComponent(t.tag)}`} className="flex items-center gap-3 rounded-lg py-2 hover:bg-neutral-50">
            <span aria-hidden="true" className="inline-flex size-11 shrink-0 items-center justify-center rounded-full border border-neutral-200">
              <Hash className="size-5 text-neutral-700" />
            </span>
            <span className="min-w-0 leading-tight">
              <span className="block truncate text-sm font-semibold text-neutral-900">#{t.tag}</span>
              <span className="block text-sm text-neutral-500">{postCount(t.posts)}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  )
}
