import { Clock, Flame, type LucideIcon } from 'lucide-react'
import { useRef, type KeyboardEvent } from 'react'
import type { RankMode } from '../../lib/useRankMode.ts'

const MODES: { mode: RankMode; label: string; icon: LucideIcon }[] = [
  { mode: 'top', label: 'Top', icon: Flame },
  { mode: 'latest', label: 'Latest', icon: Clock },
]

export const feedTabId = (mode: RankMode) => `feed-tab-${mode}`

type Props = { mode: RankMode; onChange: (mode: RankMode) => void; panelId: string }

/** Top or Latest, as a segmented control with the keyboard of a tab list (arrows move and choose). */
export function FeedModeTabs({ mode, onChange, panelId }: Props) {
  const refs = useRef(new Map<RankMode, HTMLButtonElement>())

  const onKeyDown = (e: KeyboardEvent) => {
    const at = MODES.findIndex((m) => m.mode === mode)
    const to =
      e.key === 'ArrowRight' ? (at + 1) % MODES.length : e.key === 'ArrowLeft' ? (at + MODES.length - 1) % MODES.length : e.key === 'Home' ? 0 : e.key === 'End' ? MODES.length - 1 : null
    const next = to === null ? undefined : MODES[to]
    if (!next) return
    e.preventDefault()
    onChange(next.mode)
    refs.current.get(next.mode)?.focus()
  }

  return (
    <div role="tablist" aria-label="Order of your feed" onKeyDown={onKeyDown} className="flex gap-1 rounded-xl bg-neutral-100 p-1">
      {MODES.map(({ mode: m, label, icon: Icon }) => {
        const selected = m === mode
        return (
          <button
            key={m}
            ref={(el) => {
              if (el) refs.current.set(m, el)
              else refs.current.delete(m)
            }}
            type="button"
            role="tab"
            id={feedTabId(m)}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(m)}
            className={`inline-flex h-8 flex-1 items-center justify-center gap-1.5 rounded-lg text-sm font-semibold transition-colors ${
              selected ? 'bg-white text-neutral-900 shadow-sm' : 'text-neutral-600 hover:text-neutral-800'
            }`}
          >
            <Icon className="size-4" aria-hidden="true" />
            {label}
          </button>
        )
      })}
    </div>
  )
}
