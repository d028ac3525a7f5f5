import { Ellipsis, Pencil, Trash2 } from 'lucide-react'
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'

type Props = { onEdit: () => void; onDelete: () => void }

/** The author's actions on a post, behind a "More options" button (a menu button, ARIA pattern). */
export function PostMenu({ onEdit, onDelete }: Props) {
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
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const at = items.indexOf(document.activeElement as HTMLElement)
    if (e.key === 'Escape') {
      // Inside a modal, Escape closes only the menu.
      e.preventDefault()
      e.stopPropagation()
      close()
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length
      items[next]?.focus()
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault()
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus()
    } else if (e.key === 'Tab') {
      setOpen(false)
    }
  }

  const item =
    'flex h-11 w-full items-center gap-3 px-4 text-left text-sm hover:bg-neutral-100 focus:bg-neutral-100 focus:outline-none'
  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label="More options"
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
          aria-label="Post options"
          onKeyDown={onMenuKey}
          className="absolute top-10 right-0 z-20 w-48 overflow-hidden rounded-xl border border-neutral-200 bg-white py-1 shadow-lg"
        >
          <li role="none">
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`${item} text-neutral-800`}
              onClick={() => {
                close(false)
                onEdit()
              }}
            >
              <Pencil className="size-4" aria-hidden="true" /> Edit caption
            </button>
          </li>
          <li role="none">
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`${item} font-semibold text-red-600`}
              onClick={() => {
                close(false)
                onDelete()
              }}
            >
              <Trash2 className="size-4" aria-hidden="true" /> Delete post
            </button>
          </li>
        </ul>
      ) : null}
    </div>
  )
}
