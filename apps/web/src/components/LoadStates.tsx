import { generalMessage } from '../lib/errors.ts'
import { Button } from './Button.tsx'
import { Spinner } from './Spinner.tsx'
import { FormAlert } from './TextField.tsx'

type RetryProps = { message: string; onRetry: () => void; retryLabel?: string; className?: string }

/** A short note that something did not load, and a button to try again. */
export function RetryNote({ message, onRetry, retryLabel = 'Try again', className = 'items-center py-6' }: RetryProps) {
  return (
    <div className={`flex flex-col gap-2 text-sm text-neutral-600 ${className}`}>
      <p>{message}</p>
      <Button variant="secondary" onClick={onRetry}>
        {retryLabel}
      </Button>
    </div>
  )
}

/** A list or page whose first load failed: what went wrong, and a button to try again. */
export function LoadFailed({ error, onRetry, className = '' }: { error: unknown; onRetry: () => void; className?: string }) {
  return (
    <div className={`space-y-3 ${className}`}>
      <FormAlert message={generalMessage(error)} />
      <div className="text-center">
        <Button variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      </div>
    </div>
  )
}

type NextPageProps = {
  loading: boolean
  failed: boolean
  /** what the spinner says while the next page loads */
  loadingLabel: string
  failedMessage: string
  onRetry: () => void
  retryLabel?: string
}

/** Under a list that grows as it scrolls: a spinner while the next page loads, or a retry when it failed. */
export function NextPageStatus({ loading, failed, loadingLabel, failedMessage, onRetry, retryLabel }: NextPageProps) {
  if (loading) {
    return (
      <div className="flex justify-center py-6">
        <Spinner className="size-6 text-neutral-400" label={loadingLabel} />
      </div>
    )
  }
  return failed ? <RetryNote message={failedMessage} onRetry={onRetry} retryLabel={retryLabel} /> : null
}
