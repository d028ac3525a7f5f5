import { useQueryClient } from '@tanstack/react-query'
import { Bookmark } from 'lucide-react'
import { Link, useLocation } from 'react-router'
import { generalMessage } from '../../lib/errors.ts'
import { inFlight } from '../../lib/inFlight.ts'
import { useSession } from '../../lib/session.ts'
import { useToast } from '../../lib/toast.tsx'
import { trpc } from '../../lib/trpc.ts'
import { patchPostInLists } from './postCache.ts'
import type { Post } from './types.ts'

/**
 * Save and unsave, optimistically: the bookmark fills at once and empties again if the server
 * refuses, with its reason in a toast. The Saved tab's list is refetched when next shown.
 */
function useSaveActions(post: Post) {
  const utils = trpc.useUtils()
  const queryClient = useQueryClient()
  const toast = useToast()
  const id = post.id
  const key = `save:${id}`

  const set = (viewerHasSaved: boolean) => {
    utils.post.byId.setData({ id }, (p) => (p ? { ...p, viewerHasSaved } : p))
    patchPostInLists(queryClient, id, () => ({ viewerHasSaved }))
  }
  const options = (saved: boolean) => ({
    // Same scope: a save and the unsave right after it reach the server in that order.
    scope: { id: key },
    onMutate: () => {
      inFlight.begin(key)
      const before = utils.post.byId.getData({ id })?.viewerHasSaved ?? post.viewerHasSaved ?? false
      set(saved)
      return { before }
    },
    onError: (error: unknown, _input: unknown, context: { before: boolean } | undefined) => {
      if (context && inFlight.isLast(key)) set(context.before)
      toast(generalMessage(error))
    },
    onSettled: () => {
      inFlight.end(key)
      void utils.post.saved.invalidate()
    },
  })
  const save = trpc.post.save.useMutation(options(true))
  const unsave = trpc.post.unsave.useMutation(options(false))
  return { save: () => save.mutate({ id }), unsave: () => unsave.mutate({ id }) }
}

const box = 'group ml-auto inline-flex size-10 items-center justify-center rounded-full'

/** The bookmark at the end of a post's actions: saves it to the viewer's Saved tab (signed out, leads to sign-in). */
export function SaveButton({ post }: { post: Post }) {
  const { viewer } = useSession()
  const location = useLocation()
  const { save, unsave } = useSaveActions(post)
  const saved = post.viewerHasSaved ?? false
  const icon = `size-6 ${saved ? 'fill-neutral-900 text-neutral-900' : 'text-neutral-900 group-hover:text-neutral-500'}`
  if (!viewer) {
    return (
      <Link to={`/signin?next=${encodeURIComponent(location.pathname)}`} aria-label="Save" className={box}>
        <Bookmark className={icon} strokeWidth={1.9} aria-hidden="true" />
      </Link>
    )
  }
  return (
    <button type="button" aria-pressed={saved} aria-label={saved ? 'Remove from saved' : 'Save'} onClick={saved ? unsave : save} className={box}>
      <Bookmark className={icon} strokeWidth={1.9} aria-hidden="true" />
    </button>
  )
}
