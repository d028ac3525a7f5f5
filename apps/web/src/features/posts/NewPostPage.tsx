import { LoadFailed } from '../../components/LoadStates.tsx'
import { PageHeading } from '../../components/PageHeading.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { useLimitsQuery } from '../../lib/limits.ts'
import { NewPostForm } from './NewPostForm.tsx'

/**
 * Sharing a post. The picker needs the server's limits (files per post, bytes per file) before it
 * can say what fits, so the form waits for them; they are usually cached from the first page.
 */
export function NewPostPage() {
  const limits = useLimitsQuery()
  return (
    <>
      <title>New post • Mosaic</title>
      {limits.data ? (
        <NewPostForm limits={limits.data} />
      ) : (
        <div className="mx-auto max-w-2xl">
          <PageHeading>New post</PageHeading>
          {limits.isError ? (
            <LoadFailed error={limits.error} onRetry={() => void limits.refetch()} />
          ) : (
            <div className="flex justify-center py-14">
              <Spinner className="size-6 text-neutral-400" label="Loading" />
            </div>
          )}
        </div>
      )}
    </>
  )
}
