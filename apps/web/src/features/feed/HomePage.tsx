import { Images } from 'lucide-react'
import { Link } from 'react-router'
import { buttonClass } from '../../components/Button.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { useSession } from '../auth/session.ts'

export function HomePage() {
  const { viewer } = useSession()
  const name = viewer && viewer.displayName !== viewer.username ? viewer.displayName : viewer?.username
  return (
    <div className="mx-auto max-w-[470px]">
      <title>Mosaic</title>
      <p className="mb-2 text-center text-sm text-neutral-500">Welcome to Mosaic{name ? `, ${name}` : ''}.</p>
      <EmptyState
        icon={Images}
        title="Your feed is empty"
        headingLevel="h1"
        action={
          <Link to="/explore" className={buttonClass('primary')}>
            Find people on Explore
          </Link>
        }
      >
        Follow people to see their photos here.
      </EmptyState>
    </div>
  )
}
