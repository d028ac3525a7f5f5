import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react'
import { placeholderUrl } from '../../lib/placeholder.ts'
import { afterPriority, holdForPriority } from './photoQueue.ts'
import type { Media } from './types.ts'
import { useFreshMedia } from './useFreshMedia.ts'

type Props = {
  media: Media
  /** the post the photo belongs to: asked again for fresh URLs when signed ones have expired */
  postId?: string
  alt: string
  /** which variants the browser may pick from: the square thumbnail alone, or the responsive set */
  variant: 'thumb' | 'responsive'
  /** for 'responsive': how wide the image is drawn, so the browser picks the smallest file that is sharp */
  sizes?: string
  eager?: boolean
  /** 'high' for the one photo the page is about (the feed's first, a post's): fetched before the rest */
  fetchPriority?: 'high'
  className?: string
  style?: CSSProperties
}

/**
 * A photo with its thumbhash painted underneath until the real file has loaded (then removed,
 * so transparent photos don't show a blur through them). A private photo whose signed URL has
 * expired (or fails to load) is fetched again with fresh URLs.
 */
export function MediaImage({ media: given, postId, alt, variant, sizes, eager = false, fetchPriority, className = '', style }: Props) {
  const { media, refresh } = useFreshMedia(given, postId)
  const [loaded, setLoaded] = useState(false)
  const release = useRef<() => void>(null)
  // A priority photo holds lazy ones back until it has loaded (photoQueue.ts); a lazy one waits for that.
  const [mayLoad, setMayLoad] = useState(eager)
  useLayoutEffect(() => {
    if (fetchPriority !== 'high') return
    release.current = holdForPriority()
    return release.current
  }, [fetchPriority])
  useEffect(() => (eager ? undefined : afterPriority(() => setMayLoad(true))), [eager])
  const settle = () => {
    setLoaded(true)
    release.current?.()
  }
  const placeholder = loaded ? undefined : placeholderUrl(media.placeholder)
  const responsive = variant === 'responsive'
  return (
    <img
      src={!mayLoad ? undefined : responsive ? media.urls.small : media.urls.thumb}
      srcSet={mayLoad && responsive ? `${media.urls.thumb} 320w, ${media.urls.small} 640w, ${media.urls.large} 1080w` : undefined}
      sizes={responsive ? sizes : undefined}
      width={responsive ? media.width : undefined}
      height={responsive ? media.height : undefined}
      alt={alt}
      loading={eager ? 'eager' : 'lazy'}
      fetchPriority={fetchPriority}
      decoding="async"
      draggable={false}
      // A cached image can be complete before React attaches onLoad.
      ref={(img) => {
        if (img?.complete && img.naturalWidth > 0) settle()
      }}
      onLoad={settle}
      onError={() => {
        release.current?.()
        refresh()
      }}
      className={`bg-white bg-cover bg-center ${className}`}
      style={{ ...style, backgroundImage: placeholder ? `url(${placeholder})` : undefined }}
    />
  )
}
