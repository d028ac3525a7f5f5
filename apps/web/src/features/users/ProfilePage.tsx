import { Ban, Camera, Grid3x3, Lock } from 'lucide-react'
import { useState } from 'react'
import { Link, Navigate, useParams } from 'react-router'
import { Button, buttonClass } from '../../components/Button.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { PageUnavailable } from '../../components/PageUnavailable.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { errorCode, generalMessage, isNotFound } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../../lib/session.ts'
import { InfinitePostGrid } from '../posts/PostGrid.tsx'
import { useUnblock } from './blocking.tsx'
import { EditProfileDialog } from './EditProfileDialog.tsx'
import { FollowListDialog, type FollowListKind } from './FollowListDialog.tsx'
import { OwnProfileTabs } from './OwnProfileTabs.tsx'
import { ProfileHeader } from './ProfileHeader.tsx'
import type { Profile } from '../../lib/userTypes.ts'

function ProfileSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading profile" className="animate-pulse">
      <div className="flex items-center gap-5 pb-10 md:gap-20 md:px-12">
        <div className="size-20 rounded-full bg-neutral-200 md:size-28 lg:size-36" />
        <div className="flex-1 space-y-4">
          <div className="h-6 w-40 rounded bg-neutral-200" />
          <div className="h-4 w-64 max-w-full rounded bg-neutral-200" />
          <div className="h-4 w-48 rounded bg-neutral-200" />
        </div>
      </div>
    </div>
  )
}

function PrivateNotice({ requested }: { requested: boolean }) {
  return (
    <div className="flex flex-col items-center px-4 py-14 text-center">
      <span className="mb-4 inline-flex size-16 items-center justify-center rounded-full border-2 border-neutral-900">
        <Lock className="size-7" strokeWidth={1.5} aria-hidden="true" />
      </span>
      <h2 className="text-base font-semibold">This account is private</h2>
      <p className="mt-1 text-sm text-neutral-600">
        {requested ? "You've asked to follow this account. You'll see their photos once they approve." : 'Follow this account to see their photos.'}
      </p>
    </div>
  )
}

function BlockedNotice({ username }: { username: string }) {
  const { unblock, isPending } = useUnblock(username)
  return (
    <div className="flex flex-col items-center px-4 py-14 text-center">
      <span className="mb-4 inline-flex size-16 items-center justify-center rounded-full border-2 border-neutral-900">
        <Ban className="size-7" strokeWidth={1.5} aria-hidden="true" />
      </span>
      <h2 className="text-base font-semibold">You blocked this account</h2>
      <p className="mt-1 max-w-sm text-sm text-neutral-600">
        Neither of you can see the other's posts or comments. Unblock {username} to let them find and follow you again.
      </p>
      <Button variant="secondary" className="mt-5" pending={isPending} onClick={unblock}>
        Unblock
      </Button>
    </div>
  )
}

function NoPosts({ isSelf }: { isSelf: boolean }) {
  if (!isSelf) return <EmptyState icon={Camera} title="No posts yet" />
  return (
    <EmptyState
      icon={Camera}
      title="No posts yet"
      action={
        <Link to="/new" className={buttonClass('primary')}>
          Share your first photo
        </Link>
      }
    >
      When you share photos, they will appear on your profile.
    </EmptyState>
  )
}

function Posts({ profile, isSelf }: { profile: Profile; isSelf: boolean }) {
  const blocked = profile.viewer?.blocked ?? false
  const canSeePosts = !blocked && (!profile.isPrivate || isSelf || profile.viewer?.follow === 'following')
  const posts = trpc.post.byUser.useInfiniteQuery(
    { username: profile.username, limit: 18 },
    { enabled: canSeePosts, getNextPageParam: (page) => page.nextCursor },
  )
  // The server has the last word: FORBIDDEN means private to this viewer, whatever the profile said.
  const hidden = !canSeePosts || (posts.isError && errorCode(posts.error) === 'FORBIDDEN')
  if (isSelf) return <OwnProfileTabs posts={<InfinitePostGrid query={posts} empty={<NoPosts isSelf />} />} />
  return (
    <section aria-labelledby="profile-posts" className="md:border-t md:border-neutral-200">
      <div className="flex justify-center">
        {/* Beside the avatar (md+) the tab's line sits on the section's top border, as a tab; on
            phones the counts row above already ends in a border, so the line underlines the tab. */}
        <h2
          id="profile-posts"
          className="flex items-center gap-1.5 border-b border-neutral-900 py-3 text-xs font-semibold tracking-widest text-neutral-900 uppercase md:-mt-px md:border-t md:border-b-0 md:py-4"
        >
          <Grid3x3 className="size-3.5" aria-hidden="true" />
          Posts
        </h2>
      </div>
      {blocked ? (
        <BlockedNotice username={profile.username} />
      ) : hidden ? (
        <PrivateNotice requested={profile.viewer?.follow === 'requested'} />
      ) : (
        <InfinitePostGrid query={posts} empty={<NoPosts isSelf={isSelf} />} />
      )}
    </section>
  )
}

export function ProfilePage() {
  const { username = '' } = useParams()
  const canonical = username.toLowerCase()
  // Usernames are lowercase; one URL per profile keeps links and the cache consistent.
  if (canonical !== username) return <Navigate to={`/${canonical}`} replace />
  // A fresh page per person: a list opened on one profile must not stay open on the next.
  return <ProfileView key={username} username={username} />
}

function ProfileView({ username }: { username: string }) {
  const { viewer } = useSession()
  const [editing, setEditing] = useState(false)
  const [list, setList] = useState<FollowListKind | null>(null)
  const profile = trpc.user.byUsername.useQuery({ username })

  if (profile.isPending) return <ProfileSkeleton />
  if (profile.isError) {
    if (isNotFound(profile.error)) return <PageUnavailable />
    return <FormAlert message={generalMessage(profile.error)} />
  }

  const data = profile.data
  const isSelf = viewer?.id === data.id
  const title = data.displayName && data.displayName !== data.username ? `${data.displayName} (@${data.username})` : `@${data.username}`
  return (
    <>
      <title>{`${title} • Mosaic`}</title>
      <ProfileHeader profile={data} isSelf={isSelf} onEdit={() => setEditing(true)} onOpenList={setList} />
      <Posts profile={data} isSelf={isSelf} />
      {isSelf ? <EditProfileDialog profile={data} open={editing} onClose={() => setEditing(false)} /> : null}
      <FollowListDialog username={data.username} kind={list} onClose={() => setList(null)} />
    </>
  )
}
