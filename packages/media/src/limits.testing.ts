// The limits the media tests run under: the server's defaults, read from where they are written.
import { DEFAULT_LIMITS, imageLimitsOf } from '@mosaic/validators'
import type { MediaLimits } from './limits.ts'

export const defaultLimits: MediaLimits = imageLimitsOf(DEFAULT_LIMITS)
