import { useId } from 'react'
import type { UploadPhase } from './useSharePost.ts'

/** How far the upload has got: sent bytes, waiting out a busy server, then processing. */
export function UploadProgress({ phase }: { phase: Exclude<UploadPhase, { kind: 'idle' }> }) {
  const labelId = useId()
  const uploading = phase.kind === 'uploading'
  const waiting = phase.kind === 'waiting'
  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between text-sm">
        <span id={labelId} className="font-medium text-neutral-800">
          {uploading ? 'Uploading…' : waiting ? 'Mosaic is busy, waiting…' : 'Processing…'}
        </span>
        {uploading ? <span className="tabular-nums text-neutral-600">{phase.percent}%</span> : null}
      </div>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={uploading ? phase.percent : undefined}
        aria-valuetext={uploading ? `${phase.percent}% uploaded` : waiting ? 'Waiting to retry the upload' : 'Processing your post'}
        className="h-2 overflow-hidden rounded-full bg-neutral-200"
      >
        <div
          className={`h-full rounded-full bg-accent-600 ${uploading ? 'transition-[width] duration-200' : 'w-full animate-pulse'}`}
          style={uploading ? { width: `${phase.percent}%` } : undefined}
        />
      </div>
    </div>
  )
}
