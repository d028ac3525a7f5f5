import { keepPreviousData } from '@tanstack/react-query'
import { useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject, type SyntheticEvent } from 'react'
import { Avatar } from '../../components/Avatar.tsx'
import { useSession } from '../../lib/session.ts'
import { trpc } from '../../lib/trpc.ts'
import { useCombobox } from '../../lib/useCombobox.ts'
import { useDebounced } from '../../lib/useDebounced.ts'

type Person = { id: string; username: string; displayName: string; avatarUrl: string | null; avatar?: { small: string; large: string } | null }

// An @ that starts a word (as the server reads mentions: richText.tsx), then what is typed of a username, up to the caret.
const AT_CARET = /(?<![\p{L}\p{N}_.@])@([a-z0-9._]{1,30})$/iu

/** The @mention being typed at the caret: where its @ is and what follows it; null when the caret is not in one. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = AT_CARET.exec(text.slice(0, caret))
  if (!match?.[1]) return null
  return { start: match.index, query: match[1] }
}

type Options = {
  value: string
  onChange: (value: string) => void
  fieldRef: RefObject<HTMLTextAreaElement | null>
  /** where the list opens: under the field (a caption), or over it (a comment box at the bottom of a panel) */
  placement?: 'below' | 'above'
}

/**
 * @mention autocomplete for a text box: typing `@ab` lists people (those the viewer follows
 * first); the arrows move through them, Enter or Tab inserts `@username `, Escape closes the
 * list. The field becomes an ARIA combobox over a listbox; the arrows are the field's own (moving
 * between lines) whenever the list is not showing.
 *
 * Spread `fieldProps` on the textarea, call `changed(value)` from its onChange, and render `list`
 * inside a `relative` wrapper around it.
 */
export function useMentions({ value, onChange, fieldRef, placement = 'below' }: Options) {
  const { viewer } = useSession()
  const [caret, setCaret] = useState<number | null>(null)
  const token = viewer && caret !== null ? mentionAt(value, caret) : null
  const q = useDebounced(token?.query ?? '', 120)
  const people = trpc.search.mentions.useQuery({ q, limit: 6 }, { enabled: token !== null && q !== '', placeholderData: keepPreviousData, staleTime: 30_000 })
  const options: readonly Person[] = token && people.data ? people.data : []
  const caretAfter = useRef<number | null>(null)

  const pick = (person: Person) => {
    if (!token || caret === null) return
    const insert = `@${person.username} `
    // The rest of the word under the caret belongs to the mention being replaced.
    const rest = value.slice(caret).replace(/^[a-z0-9._]*\s?/i, '')
    const next = value.slice(0, token.start) + insert + rest
    const at = token.start + insert.length
    caretAfter.current = at
    setCaret(at)
    onChange(next)
    requestAnimationFrame(() => {
      const field = fieldRef.current
      if (field && caretAfter.current !== null) field.setSelectionRange(caretAfter.current, caretAfter.current)
      caretAfter.current = null
    })
  }

  const combo = useCombobox({ options, onPick: pick, autoHighlight: true })
  const showing = combo.open && token !== null && options.length > 0

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!showing || e.nativeEvent.isComposing) return
    if (e.key === 'Tab' && !e.shiftKey) {
      const person = options[combo.active]
      if (person) {
        e.preventDefault()
        combo.close()
        pick(person)
      }
      return
    }
    if (['ArrowDown', 'ArrowUp', 'Enter', 'Escape'].includes(e.key)) {
      combo.inputProps.onKeyDown(e)
      // Handled here: no comment is sent, no dialog closes.
      e.stopPropagation()
    }
  }

  const track = (e: SyntheticEvent<HTMLTextAreaElement>) => setCaret(e.currentTarget.selectionStart)

  const { id: listId, role: listRole } = combo.listProps
  return {
    fieldProps: {
      role: 'combobox' as const,
      'aria-autocomplete': 'list' as const,
      'aria-expanded': showing,
      'aria-controls': listId,
      'aria-activedescendant': showing && combo.active !== -1 ? `${listId}-option-${combo.active}` : undefined,
      onKeyDown,
      onSelect: track,
      onFocus: (e: FocusEvent<HTMLTextAreaElement>) => {
        track(e)
        combo.inputProps.onFocus()
      },
      onBlur: () => combo.inputProps.onBlur(),
    },
    /** after the text changed (from the field's onChange) */
    changed: (field: HTMLTextAreaElement) => {
      setCaret(field.selectionStart)
      combo.textChanged()
    },
    list: (
      <ul
        id={listId}
        role={listRole}
        aria-label="People to mention"
        hidden={!showing}
        className={`absolute left-0 z-40 max-h-72 w-full max-w-sm overflow-y-auto overscroll-contain rounded-xl border border-neutral-200 bg-white py-1.5 shadow-lg ${
          placement === 'above' ? 'bottom-full mb-2' : 'top-full mt-1'
        }`}
      >
        {options.map((person, i) => {
          const { onMouseDown, onMouseMove, onClick, ...aria } = combo.optionProps(i)
          return (
            <li
              key={person.id}
              {...aria}
              onMouseDown={onMouseDown}
              onMouseMove={onMouseMove}
              onClick={onClick}
              className={`flex cursor-pointer items-center gap-3 px-3 py-2 ${i === combo.active ? 'bg-neutral-100' : ''}`}
            >
              <span aria-hidden="true" className="pointer-events-none shrink-0">
                <Avatar user={person} size="sm" />
              </span>
              <span className="min-w-0 leading-tight">
                <span className="block truncate text-sm font-semibold text-neutral-900">{person.username}</span>
                {person.displayName && person.displayName !== person.username ? (
                  <span className="block truncate text-sm text-neutral-500">{person.displayName}</span>
                ) : null}
              </span>
            </li>
          )
        })}
      </ul>
    ),
  }
}
