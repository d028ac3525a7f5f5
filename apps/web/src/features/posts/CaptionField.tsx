import { useId, useRef, type TextareaHTMLAttributes } from 'react'
import { useLimits } from '../../lib/limits.ts'
import { useMentions } from './mentions.tsx'
import { segment } from './richText.tsx'

const plain = new Intl.NumberFormat('en')

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange' | 'onFocus' | 'onBlur' | 'onSelect' | 'role'> & {
  value: string
  onChange: (value: string) => void
  label?: string
  error?: string | undefined
}

// Both layers must lay text out identically: same font, padding, border width and wrapping.
const layer = 'col-start-1 row-start-1 min-h-28 w-full whitespace-pre-wrap break-words rounded-lg border px-3 py-2.5 text-sm leading-6'

/**
 * A caption box that colours #tags and @mentions as they are typed. The textarea's own text is
 * transparent; a mirror underneath draws the same text with the highlights. Both sit in one grid
 * cell, and the mirror's height sizes the cell, so the box grows with its text and never scrolls
 * out of step with the mirror. Typing @ suggests people to mention (mentions.tsx).
 */
export function CaptionField({ value, onChange, label = 'Caption', error, className = '', onKeyDown, ...rest }: Props) {
  const id = useId()
  const fieldRef = useRef<HTMLTextAreaElement>(null)
  const mentions = useMentions({ value, onChange, fieldRef })
  const { captionLength } = useLimits()
  const length = value.length
  const over = length > captionLength
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-neutral-800">
        {label}
      </label>
      <div className={`relative grid ${className}`}>
        <div
          aria-hidden="true"
          className={`${layer} border-neutral-300 bg-neutral-50 text-neutral-900 ${error || over ? 'border-red-500' : ''}`}
        >
          {segment(value).map((s, i) =>
            s.kind === 'text' ? (
              <span key={i}>{s.text}</span>
            ) : (
              <span key={i} className="text-accent-600">
                {s.text}
              </span>
            ),
          )}
          {/* A trailing newline in a div takes no height; in a textarea it starts a new line. */}
          {'\u200b'}
        </div>
        <textarea
          id={id}
          ref={fieldRef}
          value={value}
          onChange={(e) => {
            onChange(e.target.value)
            mentions.changed(e.target)
          }}
          aria-invalid={error || over ? true : undefined}
          aria-describedby={`${id}-count${error ? ` ${id}-error` : ''}`}
          spellCheck
          className={`${layer} resize-none overflow-hidden border-transparent bg-transparent text-transparent caret-neutral-900 placeholder:text-neutral-400 selection:bg-accent-200 selection:text-neutral-900 focus:outline-2 focus:-outline-offset-1 focus:outline-accent-500 aria-[invalid=true]:focus:outline-red-500`}
          {...rest}
          {...mentions.fieldProps}
          onKeyDown={(e) => {
            mentions.fieldProps.onKeyDown(e)
            if (!e.isPropagationStopped()) onKeyDown?.(e)
          }}
        />
        {mentions.list}
      </div>
      <div className="flex items-start justify-between gap-3 text-xs">
        {error ? (
          <p id={`${id}-error`} role="alert" className="font-medium text-red-600">
            {error}
          </p>
        ) : (
          <p className="text-neutral-500">Add #tags and @mention people right in the caption.</p>
        )}
        <p id={`${id}-count`} className={`shrink-0 tabular-nums ${over ? 'font-semibold text-red-600' : 'text-neutral-500'}`}>
          <span className="sr-only">Characters used: </span>
          {plain.format(length)} / {plain.format(captionLength)}
        </p>
      </div>
    </div>
  )
}
