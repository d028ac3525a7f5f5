import { PageHeading } from '../../components/PageHeading.tsx'
import { trpc } from '../../lib/trpc.ts'
import { Suggestions } from './Suggestions.tsx'

const LIMIT = 50

/** "See all": every person suggested to the viewer, with why, and a follow button each. */
export function SuggestionsPage() {
  const query = trpc.user.suggestions.useQuery({ limit: LIMIT })
  return (
    <div className="mx-auto max-w-xl">
      <title>Suggested for you • Mosaic</title>
      <PageHeading>Suggested for you</PageHeading>
      <Suggestions query={query} heading={false} seeAll={false} />
    </div>
  )
}
