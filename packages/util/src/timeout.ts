/**
 * `promise`, or a rejection with `message` once `ms` pass without an answer. The promise itself
 * runs on (JavaScript cannot cancel it); the timer is cleared when it settles and never keeps the
 * process alive.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message = `no answer within ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
    timer.unref()
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
