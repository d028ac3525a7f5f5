// Posting at a place, for the places tests (one small photo: after the first upload its bytes are reused).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { createCaller } from '@mosaic/trpc'
import { FIXTURES } from './harness.ts'

const PHOTO = 'swiss.png'
const bytes = readFileSync(path.join(FIXTURES, PHOTO))

export type Place = { name: string; lat?: number | null; lng?: number | null }

export function postAt(api: ReturnType<typeof createCaller>, location: Place | null, fields: Record<string, string> = {}) {
  const form = new FormData()
  form.append('files', new File([bytes], PHOTO))
  if (location) form.append('location', JSON.stringify(location))
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  return api.post.create(form)
}
