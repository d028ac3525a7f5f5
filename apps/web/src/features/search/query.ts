/** What the search field asks for: `@ana` people only, `#sun` tags only, anything else both. */
export type TypedQuery = { term: string; scope: 'people' | 'tags' | 'both' }

export { SEARCH_QUERY_MAX as SEARCH_MAX_LENGTH } from '@mosaic/validators'

export function splitQuery(text: string): TypedQuery {
  const t = text.trim()
  if (t.startsWith('@')) return { term: t.slice(1).trim(), scope: 'people' }
  if (t.startsWith('#')) return { term: t.slice(1).trim(), scope: 'tags' }
  return { term: t, scope: 'both' }
}

export const searchHref = (q: string, tab?: string) => {
  const params = new URLSearchParams({ q })
  if (tab && tab !== 'posts') params.set('type', tab)
  return `/search?${params}`
}
