import type { ReactNode } from 'react'
import { generalMessage } from '../lib/errors.ts'
import { Button } from './Button.tsx'
import { Dialog } from './Dialog.tsx'
import { FormAlert } from './TextField.tsx'

type Props = {
  open: boolean
  onClose: () => void
  title: string
  /** The destructive action's button label ("Delete", "Block", "Unfollow"). */
  confirmLabel: string
  onConfirm: () => void
  pending?: boolean
  /** The failed attempt's error, shown above the buttons. */
  error?: unknown
  children: ReactNode
}

/** Asks before something that cannot be undone; cannot be dismissed while the action runs. */
export function ConfirmDialog({ open, onClose, title, confirmLabel, onConfirm, pending = false, error, children }: Props) {
  return (
    <Dialog open={open} onClose={pending ? () => {} : onClose} title={title}>
      {children}
      {error ? (
        <div className="mt-4">
          <FormAlert message={generalMessage(error)} />
        </div>
      ) : null}
      <div className="mt-6 flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button variant="danger" pending={pending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  )
}
