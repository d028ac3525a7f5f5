import { ArrowLeft, X } from 'lucide-react'
import { useEffect, useRef, type ReactNode } from 'react'
import { useNavigate, useParams } from 'react-router'
import { PageUnavailable } from '../../components/PageUnavailable.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { errorCode, generalMessage } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { PostView } from './PostView.tsx'

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

/**
 * /p/:id opened from a grid: the post in a modal over the page it was opened from (which stays
 * rendered underneath, scrolled where it was). Closing goes back in history to that page.
 */
export function PostModal() {
  const { query, missing } = usePostFromUrl()
  const navigate = useNavigate()
  const ref = useRef<HTMLDialogElement>(null)
  const close = () => void navigate(-1)

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
    body = <PostView key={query.data.id} post={query.data} variant="modal" onDeleted={() => void navigate(`/${username}`, { replace: true })} />
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
      <div className="md:overflow-hidden md:rounded-md md:bg-white">{body}</div>
    </dialog>
  )
}
