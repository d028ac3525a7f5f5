import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, LIMIT_BOUNDS } from '@mosaic/validators'
import { ConfigError, limitsOf, loadConfig } from './config.ts'

const dir = () => mkdtempSync(path.join(tmpdir(), 'mosaic-config-'))

describe('configuration', () => {
  it('reads the replicas as a list of URLs, none by default', () => {
    expect(loadConfig({ DATA_DIR: dir() }).DATABASE_REPLICA_URLS).toEqual([])
    const c = loadConfig({ DATA_DIR: dir(), DATABASE_URL: 'postgres://p/m', DATABASE_REPLICA_URLS: 'postgres://r1:5432/m, postgresql://r2/m' })
    expect(c.DATABASE_REPLICA_URLS).toEqual(['postgres://r1:5432/m', 'postgresql://r2/m'])
    expect(c).toMatchObject({ REPLICA_RYW_SECONDS: 5, REPLICA_MAX_LAG_MS: 2000 })
  })

  it('defaults to embedded engines and persists a generated session secret', () => {
    const DATA_DIR = dir()
    const c = loadConfig({ DATA_DIR })
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR, s3: null })
    expect(c.DATABASE_URL).toBeUndefined()
    expect(c.REDIS_URL).toBeUndefined()
    expect(c.SESSION_SECRET.length).toBeGreaterThanOrEqual(32)
    expect(readFileSync(path.join(DATA_DIR, 'session-secret'), 'utf8').trim()).toBe(c.SESSION_SECRET)
    expect(loadConfig({ DATA_DIR }).SESSION_SECRET).toBe(c.SESSION_SECRET)
  })

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT .*\(got "abc"\)$/],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL/],
    [{ REDIS_URL: 'localhost:6379' }, /^Invalid configuration: REDIS_URL/],
    [{ SESSION_SECRET: 'short' }, /^Invalid configuration: SESSION_SECRET must be at least 32 characters/],
    [{ S3_ENDPOINT: 'http://127.0.0.1:9000' }, /S3_ACCESS_KEY and S3_SECRET_KEY are required/],
    [{ REDIS_CLUSTER_NODES: 'redis://10.0.0.1:7000' }, /^Invalid configuration: REDIS_CLUSTER_NODES must be comma-separated host:port pairs/],
    [{ REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2' }, /^Invalid configuration: REDIS_CLUSTER_NODES must be comma-separated host:port pairs/],
    [{ REDIS_CLUSTER_NODES: '10.0.0.1:70000' }, /^Invalid configuration: REDIS_CLUSTER_NODES has a port out of range/],
    [{ REDIS_CLUSTER_NODES: '10.0.0.1:7000', REDIS_URL: 'redis://10.0.0.1:6379' }, /^Invalid configuration: REDIS_URL and REDIS_CLUSTER_NODES are both set/],
    [{ ROLE: 'worker' }, /^Invalid configuration: ROLE=worker needs REDIS_URL or REDIS_CLUSTER_NODES/],
    [{ ROLE: 'read' }, /^Invalid configuration: ROLE=read needs REDIS_URL or REDIS_CLUSTER_NODES/],
    [{ DATABASE_URL: 'postgres://a/b', DATABASE_REPLICA_URLS: 'postgres://r1/b,redis://r2' }, /^Invalid configuration: DATABASE_REPLICA_URLS must be comma separated postgres:\/\/ URLs/],
    [{ DATABASE_REPLICA_URLS: 'postgres://r1/b' }, /DATABASE_REPLICA_URLS needs DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://a/b', REPLICA_RYW_SECONDS: '2', REPLICA_MAX_LAG_MS: '2000' }, /REPLICA_MAX_LAG_MS must be less than REPLICA_RYW_SECONDS/],
  ])('stops with one line naming the variable for %o', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dir(), ...env })).toThrow(ConfigError)
    expect(() => loadConfig({ DATA_DIR: dir(), ...env })).toThrow(message)
  })

  it('reads a Redis Cluster’s nodes, which also lets a worker run', () => {
    const c = loadConfig({ DATA_DIR: dir(), REDIS_CLUSTER_NODES: '10.0.0.1:7000,redis-2.internal:7001', ROLE: 'worker' })
    expect(c.redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-2.internal', port: 7001 },
    ])
    expect(loadConfig({ DATA_DIR: dir() }).redisClusterNodes).toBeNull()
  })

  it('takes every limit from validators by default, and lowered or raised overrides within their bounds', () => {
    expect(limitsOf(loadConfig({ DATA_DIR: dir() }))).toEqual(DEFAULT_LIMITS)
    const lowered = {
      MAX_FILES_PER_POST: '1', MAX_UPLOAD_MB: '1.5', MAX_UPLOAD_MEGAPIXELS: '1', MAX_CAPTION_LENGTH: '1', MAX_COMMENT_LENGTH: '1', MAX_ALT_LENGTH: '1',
      MAX_VIDEOS_PER_POST: '0', MAX_VIDEO_MB: '2.5', VIDEO_MAX_SECONDS: '5', STORY_VIDEO_MAX_SECONDS: '3', VIDEO_MAX_DIMENSION: '640',
    }
    expect(limitsOf(loadConfig({ DATA_DIR: dir(), ...lowered }))).toEqual({
      filesPerPost: 1,
      maxFileBytes: 1_500_000,
      maxMegapixels: 1,
      captionLength: 1,
      commentLength: 1,
      altLength: 1,
      videosPerPost: 0,
      maxVideoBytes: 2_500_000,
      videoMaxSeconds: 5,
      storyVideoMaxSeconds: 3,
      videoMaxDimension: 640,
    })
    const raised = { MAX_UPLOAD_MB: '200', MAX_UPLOAD_MEGAPIXELS: '1000', MAX_CAPTION_LENGTH: '10000', MAX_COMMENT_LENGTH: '10000', MAX_ALT_LENGTH: '5000', MAX_VIDEO_MB: '2000', VIDEO_MAX_SECONDS: '600' }
    expect(limitsOf(loadConfig({ DATA_DIR: dir(), ...raised }))).toMatchObject({
      maxFileBytes: LIMIT_BOUNDS.maxFileBytes.max,
      maxMegapixels: LIMIT_BOUNDS.maxMegapixels.max,
      captionLength: LIMIT_BOUNDS.captionLength.max,
      commentLength: LIMIT_BOUNDS.commentLength.max,
      altLength: LIMIT_BOUNDS.altLength.max,
      maxVideoBytes: LIMIT_BOUNDS.maxVideoBytes.max,
      videoMaxSeconds: LIMIT_BOUNDS.videoMaxSeconds.max,
    })
  })

  it.each([
    ['MAX_FILES_PER_POST', '11'],
    ['MAX_FILES_PER_POST', '0'],
    ['MAX_FILES_PER_POST', '2.5'],
    ['MAX_UPLOAD_MB', '0.5'],
    ['MAX_UPLOAD_MB', '201'],
    ['MAX_UPLOAD_MEGAPIXELS', '1001'],
    ['MAX_VIDEO_MB', '2001'],
    ['VIDEO_MAX_SECONDS', '0'],
    ['MAX_CAPTION_LENGTH', '10001'],
    ['MAX_COMMENT_LENGTH', '0'],
    ['MAX_ALT_LENGTH', 'long'],
  ])('refuses %s=%s, outside the bounds in validators, in one line naming it', (name, value) => {
    const load = () => loadConfig({ DATA_DIR: dir(), [name]: value })
    expect(load).toThrow(ConfigError)
    expect(load).toThrow(new RegExp(`^Invalid configuration: ${name} .*\\(got "${value}"\\)$`))
  })
})
