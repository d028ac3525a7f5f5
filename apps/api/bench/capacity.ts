// The README's capacity table, generated from bench:cluster's measured figures
// (bench/results/cluster.json) and the seeds' load, so the table cannot drift from the measurement.
// `pnpm bench:cluster` rewrites it at the end; `pnpm capacity` rewrites it from the committed JSON;
// a test (apps/api/cluster/capacity.test.ts) fails when the README's table is not what this makes.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

type PerRow = { rows: number; bytesPerRow: number; estimated: boolean }

export type ClusterResult = {
  measuredAt: string
  machine: { cores: number; note: string }
  seconds: number
  dataset: { users: number; posts: number; readers: number }
  feed: { readsPerSecond: number; readProcesses: number; perProcess: number; perCore: number; p50Ms: number; p99Ms: number; non2xx: number }
  likes: { perSecond: number; writeProcesses: number; perProcess: number; perCore: number; non2xx: number }
  uploads: { photoBytes: number; perSecond: number; writeProcesses: number; perProcess: number; perCore: number; refused: number; storedBytesPerPhoto: number }
  redis: { timelinesSampled: number; timelineEncoding: string; entriesPerSampledTimeline: number; bytesPerTimelineEntry: number; postsSampled: number; bytesPerCachedPost: number }
  postgres: { tables: Record<string, PerRow>; bytesPerPost: number; photosPerPost: number }
}

/** The seeds' figures the table turns into machines. */
export const SEEDS = {
  requestsPerSecond: 10_000,
  readShare: 0.95,
  peakReads: 80_000,
  peakWrites: 800,
  users: 500_000_000,
  photosPerDay: 2_000_000,
  photoBytes: 200_000,
  /** Entries kept per home timeline (FEED_TIMELINE_MAX's default). */
  timelineMax: 800,
  /** Assumed: the share of users active within a week (idle timelines expire after 7 days). */
  weeklyActiveShare: 0.2,
  /** Assumed: the posts kept in the post cache, one week of them. */
  cachedPostDays: 7,
}

export const START = '<!-- capacity:start -->'
export const END = '<!-- capacity:end -->'
const README = path.resolve(import.meta.dirname, '../../../README.md')
export const RESULT_FILE = path.resolve(import.meta.dirname, 'results/cluster.json')

const count = (n: number) => (n >= 1e9 ? `${+(n / 1e9).toFixed(1)} G` : n >= 1e6 ? `${+(n / 1e6).toFixed(1)} M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : Math.round(n).toLocaleString('en-US'))
const bytes = (n: number) => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']
  let i = 0
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000
    i++
  }
  return `${n >= 100 ? Math.round(n) : +n.toFixed(1)} ${units[i]}`
}
const up = (load: number, per: number) => Math.max(1, Math.ceil(load / Math.max(per, 1e-9)))

/** The table (between the markers): seeds' load → processes, cores, memory and storage. */
export function capacityTable(r: ClusterResult): string {
  const s = SEEDS
  const reads = s.requestsPerSecond * s.readShare
  const writes = s.requestsPerSecond - reads
  const uploads = s.photosPerDay / 86_400
  const photosPerYear = s.photosPerDay * 365
  const postsPerYear = photosPerYear / Math.max(1, r.postgres.photosPerPost)
  const activeUsers = s.users * s.weeklyActiveShare
  const cachedPosts = (s.photosPerDay / Math.max(1, r.postgres.photosPerPost)) * s.cachedPostDays
  const perEntry = `${r.redis.bytesPerTimelineEntry} B per entry (${r.redis.timelineEncoding}, sampled timelines of ${r.redis.entriesPerSampledTimeline} entries${r.redis.timelineEncoding === 'skiplist' ? '' : ': a full timeline is a skiplist and takes more'})`
  const row = (what: string, load: string, measured: string, procs: string, cores: string) => `| ${what} | ${load} | ${measured} | ${procs} | ${cores} |`
  const lines = [
    `Measured ${r.measuredAt.slice(0, 10)} by \`pnpm bench:cluster\` (${r.seconds} s per load, ${r.machine.cores} cores, ${r.machine.note}; ${count(r.dataset.users)} users, ${count(r.dataset.posts)} posts).`,
    '',
    '| load (seeds) | per second | measured here | processes | cores |',
    '|---|---|---|---|---|',
    row('feed reads, 95 % of 10,000 req/s', count(reads), `${count(r.feed.perProcess)}/s per read process, ${count(r.feed.perCore)}/s per core`, `${up(reads, r.feed.perProcess)} read`, `${up(reads, r.feed.perCore)}`),
    row('other writes, 5 % of 10,000 req/s (likes measured)', count(writes), `${count(r.likes.perProcess)}/s per write process, ${count(r.likes.perCore)}/s per core`, `${up(writes, r.likes.perProcess)} write`, `${up(writes, r.likes.perCore)}`),
    row('uploads, 2 M photos a day on average', uploads.toFixed(0), `${r.uploads.perProcess}/s per write process, ${r.uploads.perCore}/s per core (write + worker)`, `${up(uploads, r.uploads.perProcess)} write`, `${up(uploads, r.uploads.perCore)}`),
    row('peak reads', count(s.peakReads), 'as feed reads', `${up(s.peakReads, r.feed.perProcess)} read`, `${up(s.peakReads, r.feed.perCore)}`),
    row('peak writes', count(s.peakWrites), 'as likes', `${up(s.peakWrites, r.likes.perProcess)} write`, `${up(s.peakWrites, r.likes.perCore)}`),
    '',
    '| storage | from | size |',
    '|---|---|---|',
    `| Redis, home timelines | ${count(activeUsers)} weekly active users × ${s.timelineMax} entries × ${perEntry} | ${bytes(activeUsers * s.timelineMax * r.redis.bytesPerTimelineEntry)} |`,
    `| Redis, home timelines if every user were active | ${count(s.users)} × ${s.timelineMax} × ${r.redis.bytesPerTimelineEntry} B | ${bytes(s.users * s.timelineMax * r.redis.bytesPerTimelineEntry)} |`,
    `| Redis, post cache | ${count(cachedPosts)} posts (${s.cachedPostDays} days) × ${bytes(r.redis.bytesPerCachedPost)} per cached post | ${bytes(cachedPosts * r.redis.bytesPerCachedPost)} |`,
    `| Postgres, posts per year | ${count(postsPerYear)} posts (${r.postgres.photosPerPost} ${r.postgres.photosPerPost === 1 ? 'photo' : 'photos'} each) × ${bytes(r.postgres.bytesPerPost)} per post with its photos and tags, indexes included | ${bytes(postsPerYear * r.postgres.bytesPerPost)} |`,
    `| S3, photos per year | ${count(photosPerYear)} photos × ${bytes(r.uploads.storedBytesPerPhoto)} stored per ${bytes(r.uploads.photoBytes)} photo (original and rendered sizes) | ${bytes(photosPerYear * r.uploads.storedBytesPerPhoto)} |`,
  ]
  return lines.join('\n')
}

/** The README with its capacity table replaced by the one `r` makes. */
export function withCapacityTable(readme: string, r: ClusterResult): string {
  const from = readme.indexOf(START)
  const to = readme.indexOf(END)
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} section`)
  return `${readme.slice(0, from + START.length)}\n${capacityTable(r)}\n${readme.slice(to)}`
}

export function writeCapacityTable(r: ClusterResult) {
  writeFileSync(README, withCapacityTable(readFileSync(README, 'utf8'), r))
}

export const readResult = () => JSON.parse(readFileSync(RESULT_FILE, 'utf8')) as ClusterResult
export const readReadme = () => readFileSync(README, 'utf8')
