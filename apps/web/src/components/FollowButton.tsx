import { useState } from 'react'
import { Link, useLocation } from 'react-router'
import { ConfirmDialog } from './ConfirmDialog.tsx'
import { Avatar } from './Avatar.tsx'
import { Button, buttonClass } from './Button.tsx'
import { generalMessage } from '../lib/errors.ts'
import { inFlight } from '../lib/inFlight.ts'
import { useToast } from '../lib/toast.tsx'
import { trpc } from '../lib/trpc.ts'
import { useSession } from '../lib/session.ts'
import type { FollowState, Profile } from '../lib/userTypes.ts'

/** The profile with the viewer's follow state changed, and its follower count moved to match. */
function withFollow(p: Profile, state: FollowState): Profile {
  if (!p.viewer || p.viewer.follow === state) return p
  const delta = (state === 'following' ? 1 : 0) - (p.viewer.follow === 'following' ? 1 : 0)
  return { ...p, viewer: { ...p.viewer, follow: state }, counts: { ...p.counts, followers: Math.max(0, p.counts.followers + delta) } }
}

/**
 * Follow and unfollow one account, optimistically: its cached profile changes at once and goes
 * back if the server refuses. Afterwards only what the change touched is refreshed: both
 * profiles, their followers list, the viewer's following list and home feed.
 */
export function useFollowActions(username: string) {
  const utils = trpc.useUtils()
  const { viewer } = useSession()
  const toast = useToast()

  const key = `follow:${username}`

  const setState = (state: FollowState) => utils.user.byUsername.setData({ username }, (p) => (p ? withFollow(p, state) : p))

  const optimistic = async (next: (p: Profile) => FollowState) => {
    inFlight.begin(key)
    await utils.user.byUsername.cancel({ username })
    const before = utils.user.byUsername.getData({ username })
    if (before) setState(next(before))
    return { before }
  }

  const rollback = (error: unknown, _input: unknown, context: { before: Profile | undefined } | undefined) => {
    if (context?.before && inFlight.isLast(key)) utils.user.byUsername.setData({ username }, context.before)
    toast(generalMessage(error))
  }

  const settle = () => {
    inFlight.end(key)
    // The last request to settle refreshes; the ones before it would fetch a state about to change.
    if (inFlight.count(key) > 0) return
    void utils.user.byUsername.invalidate({ username })
    if (viewer) void utils.user.byUsername.invalidate({ username: viewer.username })
    // Lists on screen keep their rows (so a mistaken tap can be undone in place); they refresh when next opened.
    void utils.user.followers.invalidate({ username }, { refetchType: 'none' })
    if (viewer) void utils.user.following.invalidate({ username: viewer.username }, { refetchType: 'none' })
    // Their posts join or leave the home feed. Suggestions on screen keep their rows, like the lists.
    void utils.feed.home.invalidate()
    void utils.user.suggestions.invalidate(undefined, { refetchType: 'none' })
  }

  // Same scope: a follow and the unfollow right after it reach the server in that order.
  const scope = { id: key }
  const follow = trpc.user.follow.useMutation({
    scope,
    onMutate: () => optimistic((p) => (p.isPrivate ? 'requested' : 'following')),
    onSuccess: (result) => {
      if (inFlight.isLast(key)) setState(result.state)
    },
    onError: rollback,
    onSettled: settle,
  })
  const unfollow = trpc.user.unfollow.useMutation({
    scope,
    onMutate: () => optimistic(() => 'none'),
    onSuccess: () => {
      if (inFlight.isLast(key)) setState('none')
    },
    onError: rollback,
    onSettled: settle,
  })

  return {
    follow: () => follow.mutate({ username }),
    unfollow: () => unfollow.mutate({ username }),
    isPending: follow.isPending || unfollow.isPending,
  }
}

type Props = { username: string; className?: string }

/**
 * The one follow button, wherever a person appears: Follow / Follow back, Requested (click to
 * withdraw), Following (click to unfollow; for a private account, after a confirmation, since
 * getting back in takes a new request). It reads the person's profile, so every button for the
 * same person agrees.
 */
export function FollowButton({ username, className = '' }: Props) {
  const { viewer } = useSession()
  const location = useLocation()
  const isSelf = viewer?.username === username
  const profile = trpc.user.byUsername.useQuery({ username }, { enabled: viewer !== null && !isSelf })
  const { follow, unfollow } = useFollowActions(username)
  const [confirming, setConfirming] = useState(false)
  const size = `min-w-24 ${className}`

  if (isSelf) return null
  if (!viewer) {
    return (
      <Link to={`/signin?next=${encodeURIComponent(location.pathname)}`} className={buttonClass('primary', size)}>
        Follow
      </Link>
    )
  }
  if (profile.isPending) return <span aria-hidden="true" className={`inline-block h-9 animate-pulse rounded-lg bg-neutral-100 ${size}`} />
  const rel = profile.data?.viewer
  if (!profile.data || !rel || rel.blocked) return null

  if (rel.follow === 'none') {
    return (
      <Button className={size} onClick={follow}>
        {rel.followsViewer ? 'Follow back' : 'Follow'}
      </Button>
    )
  }
  if (rel.follow === 'requested') {
    return (
      <Button variant="secondary" className={size} onClick={unfollow} title="Withdraw your follow request">
        Requested
      </Button>
    )
  }
  const data = profile.data
  return (
    <>
      <Button variant="secondary" className={size} onClick={() => (data.isPrivate ? setConfirming(true) : unfollow())}>
        Following
      </Button>
      {data.isPrivate ? (
        <ConfirmDialog
          open={confirming}
          onClose={() => setConfirming(false)}
          title={`Unfollow ${username}?`}
          confirmLabel="Unfollow"
          onConfirm={() => {
            setConfirming(false)
            unfollow()
          }}
        >
          <div className="flex flex-col items-center text-center">
            <Avatar user={data} size="lg" />
            <p className="mt-4 text-sm leading-relaxed text-neutral-700">
              {username}'s photos are private. If you change your mind, you'll have to send a new follow request to see them.
            </p>
          </div>
        </ConfirmDialog>
      ) : null}
    </>
  )
}
