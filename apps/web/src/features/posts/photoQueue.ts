/**
 * The photo a page is about (fetchPriority 'high': the feed's first, a post's) gets the connection
 * to itself: lazy photos near the screen wait until it has loaded (or failed, or 4 s passed) before
 * they ask for their files. On a slow link they would otherwise share the bandwidth and make the
 * first photo, the page's largest paint, several times slower.
 */
const HOLD_MS = 4000
let pending = 0
const waiting = new Set<() => void>()

/** Marks a priority photo as loading; call the returned function when it has loaded or failed (more than once is fine). */
export function holdForPriority(): () => void {
  pending++
  let done = false
  const release = () => {
    if (done) return
    done = true
    clearTimeout(timer)
    pending--
    if (pending > 0) return
    for (const go of [...waiting]) go()
    waiting.clear()
  }
  const timer = setTimeout(release, HOLD_MS)
  return release
}

/** Runs `go` once no priority photo is loading (at once when none is); returns a cancel. */
export function afterPriority(go: () => void): () => void {
  if (pending === 0) {
    go()
    return () => {}
  }
  waiting.add(go)
  return () => void waiting.delete(go)
}
