import { Monitor, Smartphone } from 'lucide-react'
import { LoadFailed } from '../../components/LoadStates.tsx'
import { Button } from '../../components/Button.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { useToast } from '../../lib/toast.tsx'
import { trpc } from '../../lib/trpc.ts'
import { describeDevice } from './device.ts'

type Session = { id: string; userAgent: string | null; createdAt: string; lastUsedAt: string; current: boolean }

function SessionRow({ session }: { session: Session }) {
  const utils = trpc.useUtils()
  const toast = useToast()
  const revoke = trpc.auth.revokeSession.useMutation({
    onSuccess: () => void utils.auth.sessions.invalidate(),
    onError: (error) => toast(generalMessage(error)),
  })
  const device = describeDevice(session.userAgent)
  const Icon = device.mobile ? Smartphone : Monitor
  return (
    <li className="flex items-center gap-3 py-3">
      <Icon aria-hidden="true" className="size-6 shrink-0 text-neutral-500" />
      <div className="min-w-0 flex-1 text-sm leading-snug">
        <p className="truncate font-semibold text-neutral-900">
          {device.name}
          {session.current ? <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">This device</span> : null}
        </p>
        <p className="text-neutral-600">
          {session.current ? 'Active now' : <>Last active <RelativeTime iso={session.lastUsedAt} /></>}
          <span aria-hidden="true"> · </span>
          <span>
            Signed in <RelativeTime iso={session.createdAt} />
          </span>
        </p>
      </div>
      {session.current ? null : (
        <Button variant="secondary" pending={revoke.isPending} onClick={() => revoke.mutate({ id: session.id })} aria-label={`Sign out ${device.name}`}>
          Sign out
        </Button>
      )}
    </li>
  )
}

/** Where the account is signed in, with a way to sign any other device out. */
export function SessionsSection() {
  const sessions = trpc.auth.sessions.useQuery(undefined, { staleTime: 0 })
  if (sessions.isPending) {
    return (
      <div className="flex justify-center py-16">
        <Spinner className="size-6 text-neutral-400" label="Loading your sessions" />
      </div>
    )
  }
  if (sessions.isError) return <LoadFailed error={sessions.error} onRetry={() => void sessions.refetch()} />
  return (
    <>
      <p className="text-sm text-neutral-600">Signed in somewhere you don't recognise? Sign that device out, then change your password.</p>
      <ul aria-label="Sessions" className="mt-2 divide-y divide-neutral-200">
        {/* This device first, then the most recently used. */}
        {[...sessions.data].sort((a, b) => Number(b.current) - Number(a.current)).map((s) => (
          <SessionRow key={s.id} session={s} />
        ))}
      </ul>
    </>
  )
}
