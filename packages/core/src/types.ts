// The domain's own vocabulary that ports and several folders share. This file imports nothing from
// the domain folders, so everything can import it without a cycle.

/** Who is asking: resolved from a session before any procedure runs. */
export type Viewer = { id: string; username: string; sessionId: string }

/**
 * Sign-in attempts are counted before the password is checked, against the account (by id, so its
 * username and its email share one allowance) from one address, the account from everywhere, and
 * the address whatever it tries. The first is tight and the second loose, so a stranger guessing
 * from elsewhere locks only their own address out of the account, and a crowd of addresses locks
 * the owner out for one window at most. Values come from config (apps/api).
 */
export type AuthLimits = {
  signInPerAccountAddress: number
  signInPerAccount: number
  signInPerAddress: number
  signInWindowSeconds: number
  /** Sign-up attempts per address per hour: accounts are free to make, so they are made in bulk. */
  signUpsPerAddressPerHour: number
}

/** Allowances per account for likes, comments and follows (config). */
export type AbuseLimits = { likesPerHour: number; commentsPerHour: number; followsPerDay: number }

export type FeedConfig = {
  /** Entries kept per home timeline. */
  timelineMax: number
  /** Authors with more followers than this are not fanned out; readers pull their posts. */
  celebrityThreshold: number
  /** How far back `top` looks for candidates. */
  windowDays: number
}

/** A post's place in a newest-first feed. */
export type FeedEntry = { id: string; t: number }

export type MediaRow = {
  id: string
  width: number
  height: number
  placeholder: string
  thumbKey: string
  smallKey: string
  largeKey: string
  originalKey: string
  /** 'video': the four keys above are the poster frame's; `videoKey` is the transcoded MP4 once ready */
  kind: 'image' | 'video'
  state: 'processing' | 'ready' | 'failed'
  durationMs: number | null
  videoKey: string | null
}

/** The parts of a post that change rarely (an edit invalidates them): safe to cache for everyone. */
export type PostCore = {
  id: string
  authorId: string
  /** epoch milliseconds */
  t: number
  caption: string
  tags: string[]
  location: { name: string; lat: number | null; lng: number | null } | null
  media: (MediaRow & { alt: string | null })[]
  /** absent in a core cached before comments could be turned off: they are on */
  commentsDisabled?: boolean
}

/** What changes often about a post in a feed: counts, whether the viewer liked it, its author's summary. */
/** An author as the hot store keeps it for feed pages (`{u:<id>}:sum`): what a post's byline needs. */
export type AuthorSummary = { username: string; displayName: string; avatarKey: string | null; isPrivate: boolean }

export type Fresh = {
  id: string
  t: number
  likeCount: number
  commentCount: number
  liked: boolean
  /** Whether the viewer saved it, when the source knows (the hot store); else read with the page. */
  saved?: boolean
  authorId: string
  username: string
  displayName: string
  avatarKey: string | null
  isPrivate: boolean
}

/** How long a session stays cached; a revocation must outlive every entry written before it. */
export const SESSION_CACHE_SECONDS = 60

/** How long a ranked snapshot stays readable. */
export const SNAPSHOT_TTL_SECONDS = 30 * 60

/** Discovery's refresh intervals and trending window (config). */
export type DiscoveryConfig = {
  /** How often the worker recomputes explore's candidate set. */
  exploreRefreshSeconds: number
  /** Trending counts tag uses in this sliding window. */
  trendingWindowSeconds: number
  /** How often the worker recomputes the trending top list. */
  trendingRefreshSeconds: number
}

/**
 * One tag's numbers for a trending window: posts in the window, the reach-weighted count of the
 * accounts that used it (each once), and the same count expected from the baseline.
 */
export type TagCount = { tag: string; posts: number; observed: number; expected: number }

export type TrendingTag = { tag: string; score: number; posts: number }

/** The trending top list as last computed, and when (epoch ms of the clock it was computed with). */
export type TrendingList = { computedAt: number; items: TrendingTag[] }

/** A post in explore's precomputed candidate set, with its decayed score at `computedAt`. */
export type ExploreCandidate = { id: string; authorId: string; score: number }

export type ExploreSet = { computedAt: number; items: ExploreCandidate[] }
/** Why someone is suggested, kept structured in the cache and put into words when read. */
export type SuggestionReason =
  /** Followed by `via` and `others` more of the people the viewer follows (two hops). */
  | { kind: 'followed'; via: string; others: number }
  /** Followed by people that `via`, whom the viewer follows, follows (three hops). */
  | { kind: 'network'; via: string }
  | { kind: 'popular' }

/** A precomputed who-to-follow list, best first; `computedAt` in epoch milliseconds. */
export type CachedSuggestions = { computedAt: number; items: { id: string; reason: SuggestionReason }[] }

/** The site's most followed accounts, the fallback for anyone the graph says little about. */
export type CachedPopular = { computedAt: number; ids: string[] }

export type SuggestionConfig = {
  /** A list older than this is served once more and recomputed in the background. */
  refreshMs: number
  /** Graph changes within this window share one recompute, run when the window closes. */
  debounceMs: number
}

/** An idle person's cached list expires; their next visit computes a fresh one. */
export const SUGGESTIONS_TTL_SECONDS = 7 * 24 * 3600
