import { DEFAULT_PLACE_RADIUS_KM } from '@mosaic/validators'
import { MapPin } from 'lucide-react'
import { useSearchParams } from 'react-router'
import { EmptyState } from '../../components/EmptyState.tsx'
import { PageUnavailable } from '../../components/PageUnavailable.tsx'
import { postCount } from '../../lib/format.ts'
import { formatPosition, placeFromParams, type PlaceRef } from '../../lib/places.ts'
import { trpc } from '../../lib/trpc.ts'
import { InfinitePostGrid } from '../posts/PostGrid.tsx'

/** How far around a position without a name counts as "here": the server's own default. */
const NEARBY_KM = DEFAULT_PLACE_RADIUS_KM

/**
 * /explore/place?name=…&lat=…&lng=… — the photos taken at a place, newest first, with how many
 * there are. A named place is looked up by its name (the server folds the same café typed twice
 * into one place); a bare position shows what was shared within a kilometre of it.
 */
export function PlacePage() {
  const [params] = useSearchParams()
  const place = placeFromParams(params)
  if (!place) return <PageUnavailable />
  return <PlacePosts key={params.toString()} place={place} />
}

function PlacePosts({ place }: { place: PlaceRef }) {
  const { name } = place
  const position = place.lat !== null && place.lng !== null ? { lat: place.lat, lng: place.lng } : null
  const at = place.name !== null ? { name: place.name } : { lat: place.lat, lng: place.lng }
  const near = place.name !== null ? { name: place.name } : { lat: place.lat, lng: place.lng, radiusKm: NEARBY_KM }
  const posts = trpc.location.posts.useInfiniteQuery({ ...near, limit: 24 }, { getNextPageParam: (page) => page.nextCursor })
  const summary = trpc.location.summary.useQuery(at)
  const title = place.name ?? formatPosition(place.lat, place.lng)
  const shownPosition = summary.data?.lat != null && summary.data.lng != null ? { lat: summary.data.lat, lng: summary.data.lng } : position

  return (
    <>
      <title>{`${title} • Mosaic`}</title>
      <header className="mb-6 flex items-center gap-5 md:mb-10 md:gap-10 md:px-12">
        <span
          aria-hidden="true"
          className="flex size-20 shrink-0 items-center justify-center rounded-full border border-neutral-200 bg-accent-50 md:size-36"
        >
          <MapPin className="size-9 text-accent-600 md:size-14" strokeWidth={1.5} />
        </span>
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-bold tracking-tight md:text-3xl">{title}</h1>
          <p className="mt-1 text-sm text-neutral-600">
            {summary.data ? (
              <span className="font-semibold text-neutral-900">{postCount(summary.data.posts)}</span>
            ) : summary.isError ? (
              'Photos taken here'
            ) : (
              <span aria-hidden="true" className="inline-block h-4 w-16 animate-pulse rounded bg-neutral-100 align-middle" />
            )}
            {name && shownPosition ? <span className="text-neutral-500"> · {formatPosition(shownPosition.lat, shownPosition.lng)}</span> : null}
            {!name ? <span className="text-neutral-500"> within {NEARBY_KM} km</span> : null}
          </p>
        </div>
      </header>
      <h2 className="mb-3 border-t border-neutral-200 pt-4 text-xs font-semibold tracking-widest text-neutral-500 uppercase">Most recent</h2>
      <InfinitePostGrid
        query={posts}
        label={`Photos at ${title}`}
        empty={
          <EmptyState icon={MapPin} title="No photos here yet">
            Nobody has shared a photo you can see from {title} yet.
          </EmptyState>
        }
      />
    </>
  )
}
