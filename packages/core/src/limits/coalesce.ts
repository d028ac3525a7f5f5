const inFlight = new WeakMap<object, Promise<unknown>>()

/**
 * Runs `task` once per `owner` at a time: callers arriving while it runs share its result. Used so
 * that a burst of first requests on a fresh install triggers one refresh, not one each.
 */
export function coalesce<T>(owner: object, task: () => Promise<T>): Promise<T> {
  const running = inFlight.get(owner) as Promise<T> | undefined
  if (running) return running
  const p = task().finally(() => inFlight.delete(owner))
  inFlight.set(owner, p)
  return p
}
