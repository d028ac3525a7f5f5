import { useId, useState, type KeyboardEvent, type MouseEvent } from 'react'

type Options<T> = {
  /** what the list offers right now, in the order it shows them */
  options: readonly T[]
  /** Enter on the highlighted option, or a click on one */
  onPick: (option: T) => void
  /** Enter while no option is highlighted (free text); without it Enter does nothing special */
  onSubmitText?: () => void
  /** Escape while the list is already closed (say, to clear the field) */
  onEscapeClosed?: () => void
  /** highlight the first option whenever nothing else is (Enter then picks it), as a mention list does */
  autoHighlight?: boolean
}

/**
 * The keyboard and ARIA of an editable combobox with a list popup (WAI-ARIA APG "list
 * autocomplete"): focus stays in the text field while the arrows move a highlight through the
 * options (announced through aria-activedescendant), Enter picks the highlighted one, Escape
 * closes the list, and a second Escape is the caller's (clearing the field, say).
 *
 * The caller renders the field with `inputProps`, the list with `listProps` and each option with
 * `optionProps(i)`, and decides when there is something to show (`open && hasContent`).
 */
export function useCombobox<T>({ options, onPick, onSubmitText, onEscapeClosed, autoHighlight = false }: Options<T>) {
  const listId = useId()
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const count = options.length
  // The highlight may outlive a list that got shorter; past its end it means nothing.
  const current = active >= 0 && active < count ? active : autoHighlight && count > 0 ? 0 : -1
  const optionId = (i: number) => `${listId}-option-${i}`

  const move = (by: 1 | -1) => {
    if (!open) return setOpen(true)
    if (count === 0) return
    setActive(current === -1 ? (by === 1 ? 0 : count - 1) : (current + by + count) % count)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.nativeEvent.isComposing) return
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        return move(1)
      case 'ArrowUp':
        e.preventDefault()
        return move(-1)
      case 'Enter': {
        const option = open && current !== -1 ? options[current] : undefined
        if (option !== undefined) {
          e.preventDefault()
          setOpen(false)
          onPick(option)
        } else if (onSubmitText) {
          e.preventDefault()
          setOpen(false)
          onSubmitText()
        }
        return
      }
      case 'Escape':
        if (open) {
          e.preventDefault()
          setOpen(false)
          setActive(-1)
        } else if (onEscapeClosed) {
          e.preventDefault()
          onEscapeClosed()
        }
        return
      case 'Tab':
        setOpen(false)
        return
    }
  }

  return {
    open,
    /** the index of the highlighted option, or -1 */
    active: current,
    /** after the text changed: show the list again, with nothing highlighted */
    textChanged: () => {
      setOpen(true)
      setActive(-1)
    },
    close: () => {
      setOpen(false)
      setActive(-1)
    },
    inputProps: {
      role: 'combobox' as const,
      'aria-autocomplete': 'list' as const,
      'aria-expanded': open,
      'aria-controls': listId,
      'aria-activedescendant': open && current !== -1 ? optionId(current) : undefined,
      onKeyDown,
      onFocus: () => setOpen(true),
      onBlur: () => setOpen(false),
    },
    listProps: { id: listId, role: 'listbox' as const },
    optionProps: (i: number) => ({
      id: optionId(i),
      role: 'option' as const,
      'aria-selected': i === current,
      // Keeps the focus in the field, so the list does not close (on blur) before the click lands.
      onMouseDown: (e: MouseEvent) => e.preventDefault(),
      onMouseMove: () => {
        if (i !== current) setActive(i)
      },
      onClick: () => {
        const option = options[i]
        if (option === undefined) return
        setOpen(false)
        onPick(option)
      },
    }),
  }
}
