import { Ellipsis, type LucideIcon } from 'lucide-react'
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'

export type MenuItem = { label: string; icon?: LucideIcon; danger?: boolean; onSelect: () => void }

type Props = {
  items: MenuItem[]
  /** the accessible name of the button */
  label?: string
  /** the accessible name of the menu it opens */
  menuLabel: string
}

/** A "More options" (…) button that opens a short menu of actions (the ARIA menu button pattern). */
export function MenuButton({ items, label = 'More options', menuLabel }: Props) {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLUListElement>(null)
  const menuId = useId()

  useEffect(() => {
    if (!open) return
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  const close = (refocus = true) => {
    setOpen(false)
    if (refocus) buttonRef.current?.focus()
  }

  const onMenuKey = (e: KeyboardEvent) => {
    const all = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const at = all.indexOf(document.activeElement as HTMLElement)
    if (e.key === 'Escape') {
      // Inside a modal, Escape closes only the menu.
      e.preventDefault()
      e.stopPropagation()
      close()
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + all.length) % all.length
      all[next]?.focus()
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault()
      all[e.key === 'Home' ? 0 : all.length - 1]?.focus()
    } else if (e.key === 'Tab') {
      setOpen(false)
    }
  }

  const itemClass = 'flex h-11 w-full items-center gap-3 px-4 text-left text-sm hover:bg-neutral-100 focus:bg-neutral-100 focus:outline-none'
  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex size-9 items-center justify-center rounded-full text-neutral-800 hover:bg-neutral-100"
      >
        <Ellipsis className="size-5" aria-hidden="true" />
      </button>
      {open ? (
        <ul
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={menuLabel}
          onKeyDown={onMenuKey}
          className="absolute top-10 right-0 z-20 w-48 overflow-hidden rounded-xl border border-neutral-200 bg-white py-1 shadow-lg"
        >
          {items.map(({ label: text, icon: Icon, danger, onSelect }) => (
            <li role="none" key={text}>
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={`${itemClass} ${danger ? 'font-semibold text-red-600' : 'text-neutral-800'}`}
                onClick={() => {
                  close(false)
                  onSelect()
                }}
              >
                {Icon ? <Icon className="size-4" aria-hidden="true" /> : null} {text}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
