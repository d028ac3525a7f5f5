import { Heart } from 'lucide-react'
import { EmptyState } from '../../components/EmptyState.tsx'
import { PageHeading } from '../../components/PageHeading.tsx'

export function NotificationsPage() {
  return (
    <>
      <title>Notifications • Mosaic</title>
      <PageHeading>Notifications</PageHeading>
      <EmptyState icon={Heart} title="No notifications yet">
        When people like or comment on your photos, mention you or follow you, you'll see it here.
      </EmptyState>
    </>
  )
}
