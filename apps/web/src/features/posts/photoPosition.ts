import { useEffect, useState } from 'react'

export type Position = { lat: number; lng: number }

const read = new WeakMap<File, Promise<Position | null>>()

/**
 * Where a photo says it was taken (its EXIF GPS), read here in the browser before the upload.
 * The server strips GPS from every file it keeps, so this is the only chance to offer it; it is
 * sent only if the person chooses to use it for this post. exifr loads on first use, so pages
 * without the form never download it.
 */
export function readPhotoPosition(file: File): Promise<Position | null> {
  let pending = read.get(file)
  if (!pending) {
    pending = import('exifr/dist/lite.esm.mjs')
      .then(({ gps }) => gps(file))
      .then((at) => (at && Number.isFinite(at.latitude) && Number.isFinite(at.longitude) && !(at.latitude === 0 && at.longitude === 0) ? { lat: at.latitude, lng: at.longitude } : null))
      // A file exifr cannot read (HEIC it does not know, a damaged JPEG) simply has no position.
      .catch(() => null)
    read.set(file, pending)
  }
  return pending
}

/** The position of the first of these photos that has one, null when none has, undefined while still reading. */
export function usePhotoPosition(files: readonly File[]): Position | null | undefined {
  const [found, setFound] = useState<{ files: readonly File[]; at: Position | null } | null>(null)
  useEffect(() => {
    let current = true
    void (async () => {
      for (const file of files) {
        const at = await readPhotoPosition(file)
        if (!current) return
        if (at) return setFound({ files, at })
      }
      if (current) setFound({ files, at: null })
    })()
    return () => {
      current = false
    }
  }, [files])
  // Until this list is read, say nothing rather than what another list said. Editing alt text
  // makes a new list of the same files: that one needs no new answer.
  return found && sameFiles(found.files, files) ? found.at : undefined
}

const sameFiles = (a: readonly File[], b: readonly File[]) => a.length === b.length && a.every((f, i) => f === b[i])
