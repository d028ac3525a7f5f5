import { Download } from 'lucide-react'
import { useEffect, useState } from 'react'
import { Button, buttonClass } from '../../components/Button.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'

type ExportState = 'preparing' | 'ready' | 'failed'

/** How often the page asks whether the zip is ready (the notification says so too). */
const POLL_MS = 3000

/**
 * The link answers 404 until the worker has built the zip, then 200 (to this account only); a HEAD
 * asks without downloading it.
 */
function useExportState(url: string | null): ExportState | null {
  const [state, setState] = useState<ExportState | null>(null)
  useEffect(() => {
    if (!url) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    setState('preparing')
    const check = async () => {
      const res = await fetch(url, { method: 'HEAD', credentials: 'same-origin' }).catch(() => null)
      if (stopped) return
      if (res?.ok) return setState('ready')
      if (res && res.status !== 404) return setState('failed')
      timer = setTimeout(() => void check(), POLL_MS)
    }
    void check()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [url])
  return state
}

/** Settings → Your data: ask for a zip of your photos (original size, without metadata) and a JSON of your posts, comments and follows. */
export function YourDataSection() {
  const request = trpc.user.requestExport.useMutation()
  const url = request.data?.url ?? null
  const state = useExportState(url)
  return (
    <div className="space-y-4 text-sm text-neutral-700">
      <p>
        Get a copy of what you shared on Mosaic: a zip with every photo of your posts at its original size (saved again as JPEG, with no
        location or camera data), and a JSON file with your posts, comments, likes, and who you follow and who follows you.
      </p>
      <p>It takes a moment to put together. We'll send you a notification when it is ready; the link works for you only, for a day.</p>
      <FormAlert message={request.error ? generalMessage(request.error) : null} />
      <div role="status" aria-live="polite" className="flex flex-wrap items-center gap-3">
        {state === 'ready' && url ? (
          <>
            <a href={url} download className={buttonClass('primary')}>
              <Download className="size-4" aria-hidden="true" />
              Download your data
            </a>
            <span className="text-emerald-700">Your data is ready.</span>
          </>
        ) : state === 'preparing' ? (
          <span className="inline-flex items-center gap-2 text-neutral-600">
            <Spinner className="size-4" /> Preparing your data… You can leave this page; we'll notify you.
          </span>
        ) : (
          <>
            {state === 'failed' ? <span className="text-red-700">That export could not be built. Please ask again.</span> : null}
            <Button onClick={() => request.mutate()} pending={request.isPending}>
              Request download
            </Button>
          </>
        )}
      </div>
    </div>
  )
}
