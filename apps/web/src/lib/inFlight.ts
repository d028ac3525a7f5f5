/**
 * Counts the requests in flight per key (one post's like state, one person's follow state).
 * Mutations that share a key run one after another (TanStack's mutation `scope`); only the
 * answer to the last one may overwrite the optimistic state, so quick toggles never flicker.
 */
const counts = new Map<string, number>()

export const inFlight = {
  begin(key: string) {
    counts.set(key, (counts.get(key) ?? 0) + 1)
  },
  end(key: string) {
    const n = (counts.get(key) ?? 1) - 1
    if (n > 0) counts.set(key, n)
    else counts.delete(key)
  },
  /** how many are still in flight */
  count: (key: string) => counts.get(key) ?? 0,
  /** true while handling the answer to the only (or last) request for this key */
  isLast: (key: string) => (counts.get(key) ?? 0) <= 1,
}
