import { useRef, type KeyboardEvent, type ReactNode } from 'react'

export type TabItem<K extends string> = { key: K; label: ReactNode }

type Props<K extends string> = {
  tabs: readonly TabItem<K>[]
  selected: K
  onSelect: (key: K) => void
  /** what the tab list is for, for screen readers ("Sort posts", "Search results") */
  label: string
  /** the id prefix of the tabs; the panel is `${idPrefix}-panel` and each tab `${idPrefix}-${key}` */
  idPrefix: string
  className?: string
}

/** A row of tabs over a panel, in the profile style (a line above, capital letters); arrows, Home and End move and choose. */
export function Tabs<K extends string>({ tabs, selected, onSelect, label, idPrefix, className = '' }: Props<K>) {
  const refs = useRef(new Map<K, HTMLButtonElement>())

  const onKeyDown = (e: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.key === selected)
    const n = tabs.length
    const moves: Record<string, number> = { ArrowRight: (at + 1) % n, ArrowLeft: (at + n - 1) % n, Home: 0, End: n - 1 }
    const to = moves[e.key]
    const next = to === undefined ? undefined : tabs[to]
    if (!next) return
    e.preventDefault()
    onSelect(next.key)
    refs.current.get(next.key)?.focus()
  }

  return (
    <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className={`flex justify-center gap-10 border-t border-neutral-200 ${className}`}>
      {tabs.map((t) => {
        const isSelected = t.key === selected
        return (
          <button
            key={t.key}
            ref={(el) => {
              if (el) refs.current.set(t.key, el)
              else refs.current.delete(t.key)
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-${t.key}`}
            aria-selected={isSelected}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(t.key)}
            className={`-mt-px border-t py-4 text-xs font-semibold tracking-widest uppercase transition-colors ${
              isSelected ? 'border-neutral-900 text-neutral-900' : 'border-transparent text-neutral-500 hover:text-neutral-800'
            }`}
          >
            {t.label}
          </button>
        )
      })}
    </div>
  )
}

/** The panel the selected tab shows. */
export function TabPanel({ idPrefix, selected, children }: { idPrefix: string; selected: string; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-${selected}`}>
      {children}
    </div>
  )
}
