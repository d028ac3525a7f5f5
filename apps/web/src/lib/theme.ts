import { useSyncExternalStore } from 'react'

/**
 * The colour theme, kept per device (localStorage): the system's (prefers-color-scheme), light or dark.
 * index.html's inline script applies the stored choice before first paint, with the same key and
 * rule as `isDark` here (its hash is allowed by the CSP in apps/api/src/http/guards.ts: change both together).
 */
export type ThemeChoice = 'system' | 'light' | 'dark'
export const THEME_CHOICES: ThemeChoice[] = ['system', 'light', 'dark']

const KEY = 'mosaic.theme'
const DARK_QUERY = '(prefers-color-scheme: dark)'
const listeners = new Set<() => void>()

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY)
    return value === 'light' || value === 'dark' ? value : 'system'
  } catch {
    return 'system' // storage blocked: follow the system
  }
}

const isDark = (choice: ThemeChoice) => choice === 'dark' || (choice === 'system' && window.matchMedia(DARK_QUERY).matches)

function apply() {
  const dark = isDark(storedTheme())
  document.documentElement.classList.toggle('dark', dark)
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', dark ? '#0a0a0a' : '#ffffff')
}

export function setTheme(choice: ThemeChoice) {
  try {
    if (choice === 'system') localStorage.removeItem(KEY)
    else localStorage.setItem(KEY, choice)
  } catch {
    // storage blocked: the choice lasts for this page only
  }
  apply()
  for (const l of listeners) l()
}

/** Once at start: follow the system's changes while the choice is "system", and choices made in other tabs. */
export function watchTheme() {
  window.matchMedia(DARK_QUERY).addEventListener('change', apply)
  window.addEventListener('storage', (e) => {
    if (e.key !== KEY) return
    apply()
    for (const l of listeners) l()
  })
  apply()
}

const subscribe = (l: () => void) => (listeners.add(l), () => void listeners.delete(l))

export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribe, storedTheme)
}
