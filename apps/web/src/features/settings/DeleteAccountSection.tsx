import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router'
import { Button } from '../../components/Button.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, type FormErrors } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'

/** Settings → Delete account: what goes, then the password in a dialog; afterwards signed out, on the sign-in page. */
export function DeleteAccountSection() {
  const [open, setOpen] = useState(false)
  return (
    <div className="space-y-4 text-sm text-neutral-700">
      <p>Deleting your account cannot be undone. Right away, Mosaic removes:</p>
      <ul className="list-disc space-y-1 pl-5">
        <li>your profile, posts, photos and stories</li>
        <li>your likes and comments, and the replies to them</li>
        <li>who you follow, who follows you, requests and blocks</li>
        <li>your notifications and every signed-in session</li>
      </ul>
      <p>
        Photos that someone else also posted stay with their post. Want a copy first?{' '}
        <Link to="/settings/your-data" className="font-semibold text-accent-700 hover:underline">
          Download your data
        </Link>
        .
      </p>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete account
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Delete your account?">
        <DeleteForm onCancel={() => setOpen(false)} />
      </Dialog>
    </div>
  )
}

function DeleteForm({ onCancel }: { onCancel: () => void }) {
  const [password, setPassword] = useState('')
  const queryClient = useQueryClient()
  const utils = trpc.useUtils()
  const navigate = useNavigate()
  const remove = trpc.user.deleteAccount.useMutation({
    onSuccess: () => {
      // Nothing cached for the account may outlive it in this browser.
      queryClient.clear()
      utils.auth.me.setData(undefined, null)
      void navigate('/signin', { replace: true, state: { notice: 'Your account was deleted.' } })
    },
  })
  const errors: FormErrors<'password'> = remove.error ? formErrorsFrom(remove.error, ['password'] as const) : { fields: {}, general: null }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    remove.mutate({ password })
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      <p className="text-sm text-neutral-700">Everything listed on this page goes at once. Enter your password to confirm.</p>
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.fields.password}
        required
        autoFocus
      />
      <FormAlert message={errors.general} />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel} disabled={remove.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" pending={remove.isPending} disabled={password === ''}>
          Delete my account
        </Button>
      </div>
    </form>
  )
}
