import { REPORT_REASONS } from '@mosaic/validators'
import { CheckCircle2 } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { Button } from '../../components/Button.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import type { Post } from './types.ts'

type Props = { post: Post; open: boolean; onClose: () => void }

/** Why is this post being reported? One choice, sent to the admins; the author is not told who. */
export function ReportPostDialog({ post, open, onClose }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title="Report post">
      <ReportForm post={post} onClose={onClose} />
    </Dialog>
  )
}

function ReportForm({ post, onClose }: { post: Post; onClose: () => void }) {
  const [reason, setReason] = useState<string | null>(null)
  const report = trpc.post.report.useMutation()

  if (report.isSuccess) {
    return (
      <div className="space-y-4 text-center" role="status">
        <CheckCircle2 className="mx-auto size-10 text-emerald-600" aria-hidden="true" />
        <p className="font-semibold">Thanks for letting us know</p>
        <p className="text-sm text-neutral-600">Our admins will look at this post by @{post.author.username}. They won’t tell them who reported it.</p>
        <Button onClick={onClose} className="w-full">
          Done
        </Button>
      </div>
    )
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    if (reason) report.mutate({ id: post.id, reason })
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <fieldset>
        <legend className="mb-2 text-sm font-semibold">Why are you reporting this post?</legend>
        <div className="divide-y divide-neutral-200 rounded-lg border border-neutral-200">
          {REPORT_REASONS.map((r) => (
            <label key={r} className="flex cursor-pointer items-center gap-3 px-3 py-2.5 text-sm hover:bg-neutral-50">
              <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} className="size-4 accent-accent-600" />
              {r}
            </label>
          ))}
        </div>
      </fieldset>
      <FormAlert message={report.error ? generalMessage(report.error) : null} />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose} disabled={report.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" pending={report.isPending} disabled={!reason}>
          Report
        </Button>
      </div>
    </form>
  )
}
