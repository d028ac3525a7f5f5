import { ArrowLeft, ChevronLeft, ChevronRight, X } from 'lucide-react'
import { useEffect, useRef, type ReactNode, type RefObject } from 'react'
import { useLocation, useNavigate, useParams } from 'react-router'
import { PageUnavailable } from '../../components/PageUnavailable.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { errorCode, generalMessage } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { PostView } from './PostView.tsx'
import type { PostModalState } from './types.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** post.byId for the :id in the URL; anything that is not a post reads as "not available". */
function usePostFromUrl() {
  const { id = '' } = useParams()
  const valid = UUID.test(id)
  const query = trpc.post.byId.useQuery({ id }, { enabled: valid })
  const missing = !valid || (query.isError && ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(query.error) ?? ''))
  return { query, missing }
}

function Loading() {
  return (
    <div className="flex min-h-80 items-center justify-center">
      <Spinner className="size-6 text-neutral-400" label="Loading post" />
    </div>
  )
}

/** /p/:id opened directly (a shared link, a reload): the post as a page of its own. */
export function PostPage() {
  const { query, missing } = usePostFromUrl()
  const navigate = useNavigate()
  if (missing) return <PageUnavailable />
  if (query.isPending) return <Loading />
  if (query.isError) return <FormAlert message={generalMessage(query.error)} />
  const post = query.data
  return (
    <>
      <title>{`${post.author.username} on Mosaic${post.caption ? `: “${post.caption.slice(0, 60)}”` : ''}`}</title>
      <div className="[container-type:inline-size]">
        <PostView key={post.id} post={post} variant="page" onDeleted={() => void navigate(`/${post.author.username}`, { replace: true })} />
      </div>
    </>
  )
}

const stepClass =
  'fixed top-1/2 hidden size-10 -translate-y-1/2 items-center justify-center rounded-full bg-white/85 text-neutral-900 shadow-md hover:bg-white md:inline-flex'

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/**
 * The posts before and after this one in the grid the modal was opened from (none when it was
 * opened from anywhere else), a way to step there, and ←/→ for the same while this modal is the
 * top dialog and no field has the keys. Each step replaces the history entry, so closing still
 * goes back to the grid.
 */
function useGallerySteps(dialog: RefObject<HTMLDialogElement | null>) {
  const { id } = useParams()
  const location = useLocation()
  const navigate = useNavigate()
  const state = location.state as PostModalState | null
  const gallery = state?.gallery ?? []
  const at = id ? gallery.indexOf(id) : -1
  const prev = at > 0 ? gallery[at - 1] : undefined
  const next = at >= 0 && at < gallery.length - 1 ? gallery[at + 1] : undefined
  const go = (to: string) => void navigate(`/p/${to}`, { replace: true, state })
  const goRef = useRef(go)
  useEffect(() => {
    goRef.current = go
  })

  useEffect(() => {
    if (!prev && !next) return
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || isTyping(e.target)) return
      const to = e.key === 'ArrowLeft' ? prev : e.key === 'ArrowRight' ? next : undefined
      const open = document.querySelectorAll('dialog[open]')
      if (!to || open[open.length - 1] !== dialog.current) return
      e.preventDefault()
      goRef.current(to)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [prev, next, dialog])
  return { prev, next, go }
}

/**
 * /p/:id opened from a grid: the post in a modal over the page it was opened from (which stays
 * rendered underneath, scrolled where it was). Closing goes back in history to that page.
 */
export function PostModal() {
  const { query, missing } = usePostFromUrl()
  const navigate = useNavigate()
  const ref = useRef<HTMLDialogElement>(null)
  const close = () => void navigate(-1)
  const { prev, next, go } = useGallerySteps(ref)

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    const root = document.documentElement
    const before = root.style.overflow
    root.style.overflow = 'hidden'
    return () => {
      root.style.overflow = before
    }
  }, [])

  const boxed = (content: ReactNode) => <div className="md:w-[min(40rem,calc(100vw-4rem))]">{content}</div>
  let body: ReactNode
  if (missing) body = boxed(<PageUnavailable />)
  else if (query.isPending) body = boxed(<Loading />)
  else if (query.isError) body = boxed(<div className="p-6"><FormAlert message={generalMessage(query.error)} /></div>)
  else {
    const username = query.data.author.username
    body = (
      <PostView key={query.data.id} post={query.data} variant="modal" photoKeys={!prev && !next} onDeleted={() => void navigate(`/${username}`, { replace: true })} />
    )
  }

  return (
    <dialog
      ref={ref}
      aria-label="Post"
      // Only this dialog's own close (Escape), not one bubbling up from a dialog inside it.
      onClose={(e) => {
        if (e.target === e.currentTarget) close()
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) close()
      }}
      className="m-0 h-dvh max-h-none w-screen max-w-none overflow-y-auto bg-white p-0 text-neutral-900 backdrop:bg-neutral-950/70 md:m-auto md:h-fit md:w-fit md:max-w-[calc(100vw-4rem)] md:overflow-visible md:rounded-md md:bg-transparent"
    >
      <div className="sticky top-0 z-10 flex h-12 items-center border-b border-neutral-200 bg-white px-2 md:hidden">
        <button
          type="button"
          onClick={close}
          aria-label="Close"
          className="inline-flex size-10 items-center justify-center rounded-full text-neutral-900 hover:bg-neutral-100"
        >
          <ArrowLeft className="size-6" aria-hidden="true" />
        </button>
        <h2 className="flex-1 pr-10 text-center text-base font-semibold">Post</h2>
      </div>
      <button
        type="button"
        onClick={close}
        aria-label="Close"
        className="fixed top-3 right-3 hidden size-10 items-center justify-center rounded-full text-white hover:bg-white/10 md:inline-flex"
      >
        <X className="size-7" aria-hidden="true" />
      </button>
      {prev ? (
        <button type="button" onClick={() => go(prev)} aria-label="Previous post" className={`${stepClass} left-3`}>
          <ChevronLeft className="size-6" aria-hidden="true" />
        </button>
      ) : null}
      {next ? (
        <button type="button" onClick={() => go(next)} aria-label="Next post" className={`${stepClass} right-3`}>
          <ChevronRight className="size-6" aria-hidden="true" />
        </button>
      ) : null}
      <div className="md:overflow-hidden md:rounded-md md:bg-white">{body}</div>
    </dialog>
  )
}
