// Helpers shared by the story tests.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { FIXTURES } from './harness.ts'

/** story.create's FormData: one photo from the fixtures, an optional caption. */
export function storyForm(photo: string, caption?: string): FormData {
  const form = new FormData()
  form.append('file', new File([readFileSync(path.join(FIXTURES, photo))], photo))
  if (caption !== undefined) form.append('caption', caption)
  return form
}

/** What a call answered: 'OK', or the tRPC error code it was refused with. */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call
    return 'OK'
  } catch (err) {
    return (err as { code?: string }).code ?? String(err)
  }
}

/** A /media URL as a blob key (no query). */
export const keyOf = (url: string) => url.split('?')[0]!.replace(/^\/media\//, '')

export const HOUR = 3600 * 1000
export const DAY = 24 * HOUR
