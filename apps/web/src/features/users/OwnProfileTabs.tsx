import { Bookmark, Grid3x3 } from 'lucide-react'
import { useId, type ReactNode } from 'react'
import { useSearchParams } from 'react-router'
import { EmptyState } from '../../components/EmptyState.tsx'
import { TabPanel, Tabs } from '../../components/Tabs.tsx'
import { trpc } from '../../lib/trpc.ts'
import { InfinitePostGrid } from '../posts/PostGrid.tsx'

const TABS = [
  {
    key: 'posts',
    label: (
      <span className="flex items-center gap-1.5">
        <Grid3x3 className="size-3.5" aria-hidden="true" />
        Posts
      </span>
    ),
  },
  {
    key: 'saved',
    label: (
      <span className="flex items-center gap-1.5">
        <Bookmark className="size-3.5" aria-hidden="true" />
        Saved
      </span>
    ),
  },
] as const
type Tab = (typeof TABS)[number]['key']

function SavedGrid() {
  const saved = trpc.post.saved.useInfiniteQuery({ limit: 18 }, { getNextPageParam: (page) => page.nextCursor })
  return (
    <InfinitePostGrid
      query={saved}
      label="Saved posts"
      empty={
        <EmptyState icon={Bookmark} title="Save what you want to see again">
          Tap the bookmark under any post to keep it here. Only you can see what you've saved.
        </EmptyState>
      }
    />
  )
}

/** One's own profile: Posts and Saved (`?tab=saved`, so a reload stays there). Nobody else ever sees the Saved tab. */
export function OwnProfileTabs({ posts }: { posts: ReactNode }) {
  const [params, setParams] = useSearchParams()
  const id = useId()
  const tab: Tab = params.get('tab') === 'saved' ? 'saved' : 'posts'
  const select = (next: Tab) =>
    setParams(
      (p) => {
        if (next === 'saved') p.set('tab', 'saved')
        else p.delete('tab')
        return p
      },
      { replace: true },
    )
  return (
    <section aria-label="Your posts">
      <Tabs tabs={TABS} selected={tab} onSelect={select} label="Profile" idPrefix={id} className="max-md:border-t-0 max-md:border-b" />
      <TabPanel idPrefix={id} selected={tab}>
        {tab === 'saved' ? <SavedGrid /> : posts}
      </TabPanel>
    </section>
  )
}
