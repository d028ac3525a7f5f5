/**
 * Upload bodies are read only `slots` at a time; up to `queueMax` more wait their turn (in TCP
 * buffers, not in memory). Past that an upload is refused at once, so a burst is answered "retry
 * later" in milliseconds instead of waiting minutes behind it. A waiter whose client goes away
 * leaves the queue; a slot is given back however its upload ends.
 */
export function createAdmission(slots: number, queueMax: number) {
  let active = 0
  const waiting: { admit(): void; signal: AbortSignal }[] = []

  const next = () => {
    while (active < slots && waiting.length > 0) {
      const w = waiting.shift()!
      if (w.signal.aborted) continue
      active++
      w.admit()
    }
  }

  return {
    get active() {
      return active
    },
    get waiting() {
      return waiting.length
    },
    /** Whether an upload arriving now would find a slot or a place in the queue. */
    hasRoom: () => active < slots || waiting.length < queueMax,
    /**
     * Runs `task` in a slot. Resolves `null` without running it when the queue is full; rejects with
     * the signal's reason when the client goes away while waiting.
     */
    async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<{ value: T } | null> {
      signal.throwIfAborted()
      if (active < slots) active++
      else if (waiting.length >= queueMax) return null
      else {
        await new Promise<void>((resolve, reject) => {
          const entry = {
            signal,
            admit: () => {
              signal.removeEventListener('abort', onAbort)
              resolve()
            },
          }
          const onAbort = () => {
            const i = waiting.indexOf(entry)
            if (i >= 0) waiting.splice(i, 1)
            reject(signal.reason)
          }
          signal.addEventListener('abort', onAbort, { once: true })
          waiting.push(entry)
        })
      }
      try {
        return { value: await task() }
      } finally {
        active--
        next()
      }
    },
  }
}

export type Admission = ReturnType<typeof createAdmission>
