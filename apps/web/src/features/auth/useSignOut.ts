import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { trpc } from '../../lib/trpc.ts'

export function useSignOut() {
  const queryClient = useQueryClient()
  const utils = trpc.useUtils()
  const navigate = useNavigate()
  const finish = () => {
    // Nothing cached for the previous person may leak to whoever uses this browser next.
    queryClient.clear()
    utils.auth.me.setData(undefined, null)
    void navigate('/signin', { replace: true })
  }
  // Even if the server call fails (an already expired session), the browser ends up signed out.
  const mutation = trpc.auth.signOut.useMutation({ onSettled: finish })
  return { signOut: () => mutation.mutate(), isPending: mutation.isPending }
}
