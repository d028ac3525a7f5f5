import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

const dir = () => mkdtempSync(path.join(tmpdir(), 'mosaic-config-'))

describe('configuration', () => {
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
  ])('stops with one line naming the variable for %o', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dir(), ...env })).toThrow(ConfigError)
    expect(() => loadConfig({ DATA_DIR: dir(), ...env })).toThrow(message)
  })
})
