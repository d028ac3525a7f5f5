import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const src = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const engines = /(?:from|import)\s*\(?\s*['"](ioredis|bullmq)(?:\/[^'"]*)?['"]/

function domainFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return p === path.join(src, 'adapters') ? [] : domainFiles(p)
    return p.endsWith('.ts') ? [p] : []
  })
}

it('keeps ioredis and BullMQ inside adapters/: the domain speaks through ports', () => {
  const files = domainFiles(src)
  expect(files.length).toBeGreaterThan(20)
  expect(files.filter((f) => engines.test(readFileSync(f, 'utf8'))).map((f) => path.relative(src, f))).toEqual([])
})

it('would notice a domain file that imports an engine, type-only included', () => {
  expect(engines.test(`import type { Redis } from 'ioredis'`)).toBe(true)
  expect(engines.test(`import { Queue } from "bullmq"`)).toBe(true)
  expect(engines.test(`import type { RateLimiter } from '../ports.ts'`)).toBe(false)
})
