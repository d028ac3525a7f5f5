import { useSearchParams } from 'react-router'

export type RankMode = 'top' | 'latest'

const asMode = (value: string | null): RankMode | null => (value === 'top' || value === 'latest' ? value : null)

function stored(key: string | undefined): RankMode | null {
  if (!key) return null
  try {
    return asMode(localStorage.getItem(key))
  } catch {
    return null
  }
}

/**
 * A Top / Latest choice kept in the URL as `?mode=latest` (Top is the default and needs none), so
 * a link or a reload keeps it. With a `storageKey` the last choice on this device also counts
 * when the URL says nothing.
 */
export function useRankMode(storageKey?: string): [RankMode, (mode: RankMode) => void] {
  const [params, setParams] = useSearchParams()
  const mode = asMode(params.get('mode')) ?? stored(storageKey) ?? 'top'
  const choose = (next: RankMode) => {
    if (storageKey) {
      try {
        localStorage.setItem(storageKey, next)
      } catch {
        // Storage can be off (private windows); the URL still holds the choice.
      }
    }
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev)
        if (next === 'top') out.delete('mode')
        else out.set('mode', next)
        return out
      },
      { replace: true, preventScrollReset: true },
    )
  }
  return [mode, choose]
}
