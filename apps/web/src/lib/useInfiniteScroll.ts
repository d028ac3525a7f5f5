import { useEffect, useRef } from 'react'

/**
 * Calls `loadMore` whenever the returned sentinel element comes within `margin` of the viewport,
 * as long as `enabled` (there is a next page and none is loading).
 */
export function useInfiniteScroll(loadMore: () => void, enabled: boolean, margin = '800px') {
  const ref = useRef<HTMLDivElement>(null)
  const latest = useRef(loadMore)
  useEffect(() => {
    latest.current = loadMore
  })

  useEffect(() => {
    const el = ref.current
    if (!el || !enabled) return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) latest.current()
    }, { rootMargin: margin })
    observer.observe(el)
    return () => observer.disconnect()
  }, [enabled, margin])

  return ref
}
