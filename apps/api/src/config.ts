// The only module that reads process.env. Everything else receives a validated Config.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { LIMIT_BOUNDS, type Limits } from '@mosaic/validators'
import { z } from 'zod'

const optionalUrl = z.url().optional()
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

// An override of one of the limits, within the bounds validators holds for it (`scale` converts
// the variable's unit to the limit's: MAX_UPLOAD_MB is megabytes, the limit is bytes).
const limit = (name: keyof Limits, { int = true, scale = 1 } = {}) => {
  const { min, max, default: byDefault } = LIMIT_BOUNDS[name]
  const n = int ? z.coerce.number().int() : z.coerce.number()
  return n.min(min / scale).max(max / scale).default(byDefault / scale)
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{0,32}$/, 'must be up to 32 letters, digits, colons, dashes or underscores')
    .default('mosaic:'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Streaming replicas of DATABASE_URL for queries that may lag (comma separated postgres:// URLs).
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//, 'must be comma separated postgres:// URLs')))
    .default([]),
  // Read-your-writes: a viewer's queries read the primary this long after their last write; a
  // replica is used only while it is known to hold every write older than REPLICA_MAX_LAG_MS.
  REPLICA_RYW_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  REPLICA_MAX_LAG_MS: z.coerce.number().int().min(100).max(300_000).default(2000),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  REDIS_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  // A Redis Cluster instead of one redis-server: some of its nodes (the client learns the rest).
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/, 'must be comma-separated host:port pairs')
    .optional(),
  S3_ENDPOINT: optionalUrl,
  S3_ACCESS_KEY: z.string().min(1).optional(),
  S3_SECRET_KEY: z.string().min(1).optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name').default('mosaic'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  MEDIA_PUBLIC_BASE_URL: optionalUrl,
  MAX_UPLOAD_MB: limit('maxFileBytes', { int: false, scale: 1e6 }),
  MAX_UPLOAD_MEGAPIXELS: limit('maxMegapixels', { int: false }),
  MAX_FILES_PER_POST: limit('filesPerPost'),
  MAX_VIDEOS_PER_POST: limit('videosPerPost'),
  MAX_VIDEO_MB: limit('maxVideoBytes', { int: false, scale: 1e6 }),
  VIDEO_MAX_SECONDS: limit('videoMaxSeconds'),
  STORY_VIDEO_MAX_SECONDS: limit('storyVideoMaxSeconds'),
  VIDEO_MAX_DIMENSION: limit('videoMaxDimension'),
  // Video processing. Without FFMPEG_PATH/FFPROBE_PATH, the static binaries the npm packages ship (video-tools.ts).
  FFMPEG_PATH: z.string().min(1).optional(),
  FFPROBE_PATH: z.string().min(1).optional(),
  VIDEO_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  VIDEO_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(1),
  VIDEO_NICE: boolish.default(true),
  MAX_CAPTION_LENGTH: limit('captionLength'),
  MAX_COMMENT_LENGTH: limit('commentLength'),
  MAX_ALT_LENGTH: limit('altLength'),
  LIMIT_LIKES_PER_HOUR: z.coerce.number().int().min(1).default(120),
  LIMIT_COMMENTS_PER_HOUR: z.coerce.number().int().min(1).default(60),
  LIMIT_FOLLOWS_PER_DAY: z.coerce.number().int().min(1).default(200),
  LIMIT_SIGNIN_PER_ACCOUNT_ADDRESS: z.coerce.number().int().min(1).default(10),
  LIMIT_SIGNIN_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
  LIMIT_SIGNIN_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  LIMIT_SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LIMIT_SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  FEED_TIMELINE_MAX: z.coerce.number().int().min(20).max(10_000).default(800),
  FEED_CELEBRITY_THRESHOLD: z.coerce.number().int().min(0).default(10_000),
  FEED_WINDOW_DAYS: z.coerce.number().positive().max(365).default(7),
  // Discovery: how often the worker recomputes explore's candidates and the trending list, and the trending window.
  EXPLORE_REFRESH_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  TRENDING_WINDOW_SECONDS: z.coerce.number().int().min(600).max(7 * 86_400).default(21_600),
  TRENDING_REFRESH_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  // Who to follow: a cached list older than this is recomputed in the background; follows within
  // the debounce window share one recompute.
  SUGGESTIONS_REFRESH_SECONDS: z.coerce.number().int().min(10).max(7 * 86_400).default(3600),
  SUGGESTIONS_DEBOUNCE_SECONDS: z.coerce.number().min(0).max(600).default(5),
  UPLOAD_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  UPLOAD_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(8),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // How long a private media URL works (not bound to a viewer: a removed follower keeps it this long).
  SIGNED_URL_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(600),
  COOKIE_SECURE: boolish.default(false),
  TRUST_PROXY: boolish.default(false),
  // Where browsers load the app from; mutations with a session cookie must come from this origin.
  PUBLIC_URL: optionalUrl,
  // Outgoing mail (password reset links), e.g. smtps://user:pass@smtp.example.com:465. Without it mail is off.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).max(254).default('Mosaic <no-reply@localhost>'),
  TRPC_MAX_BATCH: z.coerce.number().int().min(1).max(1000).default(20),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLE: z.enum(['all', 'read', 'write', 'worker']).default('all'),
})

export type Config = Omit<z.infer<typeof envSchema>, 'SESSION_SECRET'> & {
  SESSION_SECRET: string
  /** Where links in mail point: PUBLIC_URL, else this server on localhost (never a request's Host header). */
  publicUrl: string
  s3: { endpoint: string; accessKey: string; secretKey: string; bucket: string; region: string } | null
  /** REDIS_CLUSTER_NODES parsed; null without a cluster. */
  redisClusterNodes: { host: string; port: number }[] | null
}

export class ConfigError extends Error {}

/** Validates the environment; a bad value throws one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = envSchema.safeParse(cleaned)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const name = String(issue?.path[0] ?? 'environment')
    const got = cleaned[name]
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}${got !== undefined ? ` (got "${got}")` : ''}`)
  }
  const c = parsed.data
  let s3: Config['s3'] = null
  if (c.S3_ENDPOINT) {
    if (!c.S3_ACCESS_KEY || !c.S3_SECRET_KEY) {
      throw new ConfigError('Invalid configuration: S3_ACCESS_KEY and S3_SECRET_KEY are required when S3_ENDPOINT is set')
    }
    s3 = { endpoint: c.S3_ENDPOINT, accessKey: c.S3_ACCESS_KEY, secretKey: c.S3_SECRET_KEY, bucket: c.S3_BUCKET, region: c.S3_REGION }
  }
  if (c.REDIS_URL && c.REDIS_CLUSTER_NODES) {
    throw new ConfigError('Invalid configuration: REDIS_URL and REDIS_CLUSTER_NODES are both set; set REDIS_URL for one redis-server or REDIS_CLUSTER_NODES for a Redis Cluster')
  }
  const redisClusterNodes = c.REDIS_CLUSTER_NODES ? c.REDIS_CLUSTER_NODES.split(',').map((hp) => ({ host: hp.slice(0, hp.lastIndexOf(':')), port: Number(hp.slice(hp.lastIndexOf(':') + 1)) })) : null
  if (redisClusterNodes?.some((n) => n.port < 1 || n.port > 65535)) {
    throw new ConfigError(`Invalid configuration: REDIS_CLUSTER_NODES has a port out of range (got "${c.REDIS_CLUSTER_NODES}")`)
  }
  if (c.DATABASE_REPLICA_URLS.length > 0 && !c.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_REPLICA_URLS needs DATABASE_URL (the primary they replicate)')
  }
  // A replica within the lag bound holds every write older than the bound; the read-your-writes
  // window must outlast it, so that a viewer whose mark has expired finds their write on any replica used.
  if (c.REPLICA_MAX_LAG_MS >= c.REPLICA_RYW_SECONDS * 1000) {
    throw new ConfigError(`Invalid configuration: REPLICA_MAX_LAG_MS must be less than REPLICA_RYW_SECONDS (${c.REPLICA_RYW_SECONDS} s)`)
  }
  if (c.ROLE !== 'all' && !c.REDIS_URL && !redisClusterNodes) {
    // Without Redis, jobs run inside the process that queued them: only ROLE=all does both.
    throw new ConfigError(`Invalid configuration: ROLE=${c.ROLE} needs REDIS_URL or REDIS_CLUSTER_NODES (without Redis, jobs run inside the serving process: use ROLE=all)`)
  }
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '')
  return { ...c, SESSION_SECRET: c.SESSION_SECRET ?? persistedSecret(c.DATA_DIR), s3, publicUrl, redisClusterNodes }
}

/** The limits in force, as the server enforces them and `meta.limits` answers them. */
export function limitsOf(config: Config): Limits {
  return {
    filesPerPost: config.MAX_FILES_PER_POST,
    maxFileBytes: Math.round(config.MAX_UPLOAD_MB * 1e6),
    maxMegapixels: config.MAX_UPLOAD_MEGAPIXELS,
    captionLength: config.MAX_CAPTION_LENGTH,
    commentLength: config.MAX_COMMENT_LENGTH,
    altLength: config.MAX_ALT_LENGTH,
    videosPerPost: config.MAX_VIDEOS_PER_POST,
    maxVideoBytes: Math.round(config.MAX_VIDEO_MB * 1e6),
    videoMaxSeconds: config.VIDEO_MAX_SECONDS,
    storyVideoMaxSeconds: config.STORY_VIDEO_MAX_SECONDS,
    videoMaxDimension: config.VIDEO_MAX_DIMENSION,
  }
}

// Without SESSION_SECRET, one is generated on first start and kept under DATA_DIR, so signed
// media URLs stay valid across restarts.
function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}
