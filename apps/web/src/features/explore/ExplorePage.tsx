import { Compass } from 'lucide-react'
import { EmptyState } from '../../components/EmptyState.tsx'
import { PageHeading } from '../../components/PageHeading.tsx'

export function ExplorePage() {
  return (
    <>
      <title>Explore • Mosaic</title>
      <PageHeading>Explore</PageHeading>
      <EmptyState icon={Compass} title="Nothing to explore yet">
        Popular public photos from people you don't follow yet will show up here, along with trending tags.
      </EmptyState>
    </>
  )
}
