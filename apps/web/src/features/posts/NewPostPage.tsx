import { ImagePlus } from 'lucide-react'
import { EmptyState } from '../../components/EmptyState.tsx'
import { PageHeading } from '../../components/PageHeading.tsx'

export function NewPostPage() {
  return (
    <>
      <title>New post • Mosaic</title>
      <PageHeading>New post</PageHeading>
      <EmptyState icon={ImagePlus} title="Sharing photos isn't available yet">
        Uploading is still being built. Soon you'll be able to share up to 10 photos in a post, with a caption, tags and a
        location.
      </EmptyState>
    </>
  )
}
