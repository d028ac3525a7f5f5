import { Button } from '../../components/Button.tsx'
import { UserList } from '../../components/UserList.tsx'
import { trpc } from '../../lib/trpc.ts'
import type { UserSummary } from '../../lib/userTypes.ts'
import { useUnblock } from '../users/blocking.tsx'
import { useState } from 'react'

/** Unblock; the row stays (saying so) until the list is next opened. */
function UnblockButton({ user }: { user: UserSummary }) {
  const [done, setDone] = useState(false)
  const { unblock, isPending } = useUnblock(user.username, () => setDone(true))
  if (done) return <span className="inline-flex h-9 items-center px-2 text-sm text-neutral-500">Unblocked</span>
  return (
    <Button variant="secondary" pending={isPending} onClick={unblock} aria-label={`Unblock ${user.username}`}>
      Unblock
    </Button>
  )
}

/** The accounts the viewer blocks, newest first. */
export function BlockedSection() {
  const blocked = trpc.user.blocked.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor, staleTime: 0 })
  return (
    <>
      <p className="mb-4 text-sm text-neutral-600">People you block can't find your profile or see your posts, and they aren't told you blocked them.</p>
      <UserList query={blocked} label="Blocked accounts" empty="You haven't blocked anyone." action={(user) => <UnblockButton user={user} />} />
    </>
  )
}
