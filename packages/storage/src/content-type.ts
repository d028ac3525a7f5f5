// The fs driver keeps no metadata beside a blob, so a blob's content type is a function of its key's extension.
// S3 stores the type given to put; `assertContentTypeMatchesKey` makes both drivers agree on every key whose
// extension is known, so a mismatch is caught in embedded mode too rather than only in production.

const BY_EXTENSION: Readonly<Record<string, string>> = {
  avif: 'image/avif',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  json: 'application/json',
  mov: 'video/quicktime',
  mp4: 'video/mp4',
  png: 'image/png',
  webm: 'video/webm',
  webp: 'image/webp',
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream'

function extensionOf(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined
}

/** The type implied by the key's extension, or undefined when the extension is absent or unknown. */
export function contentTypeOfExtension(key: string): string | undefined {
  const ext = extensionOf(key)
  return ext === undefined ? undefined : BY_EXTENSION[ext]
}

export function contentTypeForKey(key: string): string {
  return contentTypeOfExtension(key) ?? DEFAULT_CONTENT_TYPE
}

export function assertContentTypeMatchesKey(key: string, contentType: string): void {
  if (typeof contentType !== 'string' || contentType.trim() === '') {
    throw new TypeError(`put ${key}: contentType is required`)
  }
  const implied = contentTypeOfExtension(key)
  const given = contentType.split(';')[0]?.trim().toLowerCase()
  if (implied !== undefined && given !== implied) {
    throw new TypeError(`put ${key}: content type ${contentType} contradicts the key's extension (${implied})`)
  }
}
