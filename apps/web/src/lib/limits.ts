import { DEFAULT_LIMITS, type Limits } from '@mosaic/validators'
import { trpc } from './trpc.ts'

/**
 * The upload and text limits the server enforces, as configured there (`meta.limits`). They
 * change only when the server restarts with other settings, so they are asked once per page load.
 */
export function useLimitsQuery() {
  return trpc.meta.limits.useQuery(undefined, { staleTime: Infinity, gcTime: Infinity })
}

/**
 * The limits for counters and hints, where a moment of the defaults before the answer arrives
 * does no harm (the server checks again). The photo picker waits for the real values instead.
 */
export function useLimits(): Limits {
  return useLimitsQuery().data ?? DEFAULT_LIMITS
}

/** A limit in bytes as people read it: 25e6 → "25", 1.5e6 → "1.5" (decimal megabytes, like MAX_UPLOAD_MB). */
export const megabytes = (bytes: number) => String(Math.round(bytes / 1e5) / 10)
