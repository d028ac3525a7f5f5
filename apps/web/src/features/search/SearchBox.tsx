import { keepPreviousData } from '@tanstack/react-query'
import { Hash, Search, X } from 'lucide-react'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { Avatar } from '../../components/Avatar.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { compact } from '../../lib/format.ts'
import { trpc } from '../../lib/trpc.ts'
import { useCombobox } from '../../lib/useCombobox.ts'
import { useDebounced } from '../../lib/useDebounced.ts'
import type { UserSummary } from '../../lib/userTypes.ts'
import { searchHref, splitQuery, SEARCH_MAX_LENGTH } from './query.ts'

type Option =
  | { kind: 'user'; key: string; user: UserSummary }
  | { kind: 'tag'; key: string; tag: string; posts: number }
  | { kind: 'posts'; key: string; q: string }

const TYPEAHEAD = { people: 5, tags: 5 }
const DEBOUNCE_MS = 150

type Props = {
  /** the sidebar's box is narrow, so its list is wider than the field */
  placement?: 'sidebar' | 'page'
  className?: string
}

/**
 * The search field: people and tags as you type, Enter on free text for posts. `@` asks for
 * people only, `#` for tags only. On the search page it shows the query being looked at.
 */
export function SearchBox({ placement = 'page', className = '' }: Props) {
  const location = useLocation()
  const navigate = useNavigate()
  const inputRef = useRef<HTMLInputElement>(null)
  const headingIds = { people: useId(), tags: useId() }
  const urlQuery = location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : null
  const [text, setText] = useState(urlQuery ?? '')

  // Arriving at (or moving within) the search page shows its query; leaving it keeps what was typed.
  useEffect(() => {
    if (urlQuery !== null) setText(urlQuery)
  }, [urlQuery])

  const typed = splitQuery(useDebounced(text, DEBOUNCE_MS))
  const ready = typed.term.length > 0
  const opts = { placeholderData: keepPreviousData, staleTime: 60_000 }
  const people = trpc.search.users.useQuery({ q: typed.term, limit: TYPEAHEAD.people }, { ...opts, enabled: ready && typed.scope !== 'tags' })
  const tags = trpc.search.tags.useQuery({ q: typed.term, limit: TYPEAHEAD.tags }, { ...opts, enabled: ready && typed.scope !== 'people' })

  const trimmed = text.trim()
  const options = useMemo<Option[]>(() => {
    if (!ready || !trimmed) return []
    const users: Option[] = typed.scope === 'tags' ? [] : (people.data ?? []).map((user) => ({ kind: 'user', key: `u:${user.id}`, user }))
    const tagOptions: Option[] = typed.scope === 'people' ? [] : (tags.data ?? []).map((t) => ({ kind: 'tag', key: `t:${t.tag}`, tag: t.tag, posts: t.posts }))
    return [...users, ...tagOptions, { kind: 'posts', key: 'posts', q: trimmed }]
  }, [ready, trimmed, typed.scope, people.data, tags.data])

  const go = (to: string, keepText: boolean) => {
    if (!keepText) setText('')
    inputRef.current?.blur()
    void navigate(to)
  }
  const pick = (o: Option) => {
    if (o.kind === 'user') go(`/${o.user.username}`, false)
    else if (o.kind === 'tag') go(`/t/${encodeURIComponent(o.tag)}`, false)
    else go(searchHref(o.q), true)
  }
  const combo = useCombobox({
    options,
    onPick: pick,
    onSubmitText: () => {
      if (trimmed) go(searchHref(trimmed), true)
    },
    onEscapeClosed: () => setText(''),
  })

  const loading = (people.isFetching || tags.isFetching) && !people.data && !tags.data
  const showList = combo.open && trimmed.length > 0 && ready
  const userCount = options.filter((o) => o.kind === 'user').length
  const groups = [
    { id: headingIds.people, label: 'People', from: 0, to: userCount },
    { id: headingIds.tags, label: 'Tags', from: userCount, to: options.length - 1 },
  ]

  return (
    <div role="search" className={`relative ${className}`}>
      <label className="relative block">
        <span className="sr-only">Search</span>
        <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-neutral-500" aria-hidden="true" />
        <input
          ref={inputRef}
          type="search"
          value={text}
          maxLength={SEARCH_MAX_LENGTH}
          placeholder="Search"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          enterKeyHint="search"
          onChange={(e) => {
            setText(e.target.value)
            combo.textChanged()
          }}
          {...combo.inputProps}
          className="block h-10 w-full rounded-lg bg-neutral-100 pr-9 pl-9 text-sm text-neutral-900 placeholder:text-neutral-500 focus:bg-white focus:outline-2 focus:-outline-offset-1 focus:outline-accent-500 [&::-webkit-search-cancel-button]:hidden"
        />
        {text ? (
          <button
            type="button"
            aria-label="Clear search"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setText('')
              inputRef.current?.focus()
            }}
            className="absolute top-1/2 right-2 inline-flex size-6 -translate-y-1/2 items-center justify-center rounded-full bg-neutral-300 text-white hover:bg-neutral-400"
          >
            <X className="size-3.5" strokeWidth={3} aria-hidden="true" />
          </button>
        ) : null}
      </label>

      <div
        {...combo.listProps}
        aria-label="Search suggestions"
        hidden={!showList}
        className={`absolute top-full left-0 z-40 mt-2 max-h-[min(28rem,70dvh)] overflow-y-auto overscroll-contain rounded-xl border border-neutral-200 bg-white py-1.5 shadow-lg ${
          placement === 'sidebar' ? 'w-[22rem]' : 'w-full'
        }`}
      >
        {loading ? (
          <div role="presentation" className="flex justify-center py-3">
            <Spinner className="size-5 text-neutral-400" label="Searching" />
          </div>
        ) : null}
        {groups.map((g) =>
          g.to > g.from ? (
            <div key={g.id} role="group" aria-labelledby={g.id} className="pb-1">
              <div role="presentation" id={g.id} className="px-4 pt-2 pb-1 text-xs font-semibold tracking-wide text-neutral-500 uppercase">
                {g.label}
              </div>
              {options.slice(g.from, g.to).map((o, j) => (
                <OptionRow key={o.key} option={o} {...combo.optionProps(g.from + j)} active={combo.active === g.from + j} />
              ))}
            </div>
          ) : null,
        )}
        {options.length > 0 ? (
          <div className="border-t border-neutral-100 pt-1">
            <OptionRow option={options[options.length - 1]!} {...combo.optionProps(options.length - 1)} active={combo.active === options.length - 1} />
          </div>
        ) : null}
      </div>
    </div>
  )
}

type RowProps = ReturnType<ReturnType<typeof useCombobox<Option>>['optionProps']> & { option: Option; active: boolean }

function OptionRow({ option, active, ...props }: RowProps) {
  const row = `flex cursor-pointer items-center gap-3 px-4 py-2 ${active ? 'bg-neutral-100' : ''}`
  if (option.kind === 'user') {
    const { user } = option
    return (
      <div {...props} className={row}>
        <span aria-hidden="true" className="pointer-events-none shrink-0">
          <Avatar user={user} size="sm" />
        </span>
        <span className="min-w-0 leading-tight">
          <span className="block truncate text-sm font-semibold text-neutral-900">{user.username}</span>
          {user.displayName && user.displayName !== user.username ? <span className="block truncate text-sm text-neutral-500">{user.displayName}</span> : null}
        </span>
      </div>
    )
  }
  if (option.kind === 'tag') {
    return (
      <div {...props} className={row}>
        <span aria-hidden="true" className="inline-flex size-8 shrink-0 items-center justify-center rounded-full border border-neutral-200">
          <Hash className="size-4 text-neutral-700" />
        </span>
        <span className="min-w-0 leading-tight">
          <span className="block truncate text-sm font-semibold text-neutral-900">#{option.tag}</span>
          <span className="block text-xs text-neutral-500">{compact(option.posts)} posts</span>
        </span>
      </div>
    )
  }
  return (
    <div {...props} className={row}>
      <span aria-hidden="true" className="inline-flex size-8 shrink-0 items-center justify-center rounded-full bg-neutral-100">
        <Search className="size-4 text-neutral-700" />
      </span>
      <span className="min-w-0 truncate text-sm text-neutral-900">
        Search posts for <span className="font-semibold">“{option.q}”</span>
      </span>
    </div>
  )
}
