import { keepPreviousData } from '@tanstack/react-query'
import { Camera, LocateFixed, MapPin, X } from 'lucide-react'
import { useId, useMemo, useRef, useState } from 'react'
import { Button } from '../../components/Button.tsx'
import { compact } from '../../lib/format.ts'
import { formatPosition } from '../../lib/places.ts'
import { trpc } from '../../lib/trpc.ts'
import { useCombobox } from '../../lib/useCombobox.ts'
import { useDebounced } from '../../lib/useDebounced.ts'
import type { Position } from './photoPosition.ts'

/** Where a position came from: a place others used, this device, or the photo's own GPS. */
export type PositionSource = 'place' | 'device' | 'photo'
export type PlaceDraft = { name: string; position: Position | null; source: PositionSource | null }
export const NO_PLACE: PlaceDraft = { name: '', position: null, source: null }

type Known = { name: string; lat: number | null; lng: number | null; posts: number }

type Props = {
  value: PlaceDraft
  onChange: (next: PlaceDraft) => void
  /** where the picked photo was taken, when it says so; offered, never used unasked */
  photoPosition: Position | null
  error?: string | undefined
  maxLength: number
}

const SOURCE_LABEL: Record<PositionSource, string> = { place: 'the place', device: 'your location', photo: 'the photo’s location' }

/**
 * The place of a new post: a name, with places others have used offered as you type, and
 * optionally a position from this device or, if the person asks, from the photo itself.
 */
export function LocationField({ value, onChange, photoPosition, error, maxLength }: Props) {
  const id = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [locating, setLocating] = useState(false)
  const [deviceProblem, setDeviceProblem] = useState<string | null>(null)
  const q = useDebounced(value.name.trim(), 150)
  const known = trpc.location.suggest.useQuery({ q, limit: 6 }, { enabled: q.length > 0, placeholderData: keepPreviousData, staleTime: 60_000 })
  const options: Known[] = useMemo(() => (q && value.name.trim() ? (known.data ?? []) : []), [q, value.name, known.data])

  const combo = useCombobox<Known>({
    options,
    onPick: (p) => onChange({ name: p.name, position: p.lat !== null && p.lng !== null ? { lat: p.lat, lng: p.lng } : null, source: 'place' }),
  })
  const showList = combo.open && options.length > 0 && !(options.length === 1 && options[0]?.name === value.name)

  const locateDevice = () => {
    setDeviceProblem(null)
    setLocating(true)
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false)
        onChange({ ...value, position: { lat: p.coords.latitude, lng: p.coords.longitude }, source: 'device' })
        if (!value.name.trim()) inputRef.current?.focus()
      },
      (e) => {
        setLocating(false)
        setDeviceProblem(
          e.code === e.PERMISSION_DENIED ? 'Mosaic may not use your location. Allow it in your browser’s settings, or type the place.' : 'Couldn’t find your location. Type the place instead.',
        )
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 60_000 },
    )
  }
  const canLocate = typeof navigator !== 'undefined' && 'geolocation' in navigator && window.isSecureContext
  const offerPhoto = photoPosition !== null && value.source !== 'photo'
  const describedBy = [error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(' ')

  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block text-sm font-medium text-neutral-800">
        Location
      </label>
      <div className="relative">
        <MapPin className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-neutral-500" aria-hidden="true" />
        <input
          ref={inputRef}
          id={id}
          name="location"
          value={value.name}
          maxLength={maxLength}
          placeholder="Add a place (optional)"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            // A place picked from the list brought its position; a different name is a different place.
            const keep = value.source === 'place' ? null : value.position
            onChange({ name: e.target.value, position: keep, source: keep ? value.source : null })
            combo.textChanged()
          }}
          {...combo.inputProps}
          className="block h-11 w-full rounded-lg border border-neutral-300 bg-neutral-50 pr-3 pl-9 text-sm text-neutral-900 placeholder:text-neutral-400 focus:bg-white focus:outline-2 focus:-outline-offset-1 focus:outline-accent-500 aria-[invalid=true]:border-red-500"
        />
        <ul
          {...combo.listProps}
          aria-label="Places others have used"
          hidden={!showList}
          className="absolute top-full left-0 z-20 mt-1 max-h-72 w-full overflow-y-auto rounded-xl border border-neutral-200 bg-white py-1 shadow-lg"
        >
          {options.map((p, i) => (
            <li key={`${p.name}|${p.lat}|${p.lng}`} {...combo.optionProps(i)} className={`flex cursor-pointer items-center gap-3 px-3 py-2 ${combo.active === i ? 'bg-neutral-100' : ''}`}>
              <MapPin className="size-4 shrink-0 text-neutral-500" aria-hidden="true" />
              <span className="min-w-0 flex-1 leading-tight">
                <span className="block truncate text-sm text-neutral-900">{p.name}</span>
                {/* The same name can be two places (or one named without a position): the position tells them apart. */}
                <span className="block truncate text-xs text-neutral-500">{p.lat !== null && p.lng !== null ? formatPosition(p.lat, p.lng) : 'No position'}</span>
              </span>
              <span className="shrink-0 text-xs text-neutral-500">
                {compact(p.posts)} {p.posts === 1 ? 'post' : 'posts'}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}

      {value.position && value.source ? (
        <p className="flex items-center gap-2 text-xs text-neutral-600">
          <span className="inline-flex items-center gap-1.5 rounded-full bg-accent-50 px-2.5 py-1 font-medium text-accent-700">
            {value.source === 'photo' ? <Camera className="size-3.5" aria-hidden="true" /> : <LocateFixed className="size-3.5" aria-hidden="true" />}
            {formatPosition(value.position.lat, value.position.lng)}
            {' '}
            <span className="font-normal text-accent-700/80">· {SOURCE_LABEL[value.source]}</span>
          </span>
          <button
            type="button"
            onClick={() => onChange({ ...value, position: null, source: null })}
            aria-label="Remove the position"
            className="inline-flex size-6 items-center justify-center rounded-full text-neutral-500 hover:bg-neutral-100 hover:text-neutral-800"
          >
            <X className="size-3.5" aria-hidden="true" />
          </button>
        </p>
      ) : null}

      {offerPhoto ? (
        <div className="flex flex-wrap items-center justify-between gap-2 rounded-xl border border-neutral-200 bg-neutral-50 px-3 py-2.5">
          <p className="flex min-w-0 items-center gap-2 text-sm text-neutral-700">
            <Camera className="size-4 shrink-0 text-neutral-500" aria-hidden="true" />
            <span>This photo says where it was taken ({formatPosition(photoPosition.lat, photoPosition.lng)}).</span>
          </p>
          <Button variant="secondary" className="h-8 px-3" onClick={() => onChange({ ...value, position: photoPosition, source: 'photo' })}>
            Use the photo’s location
          </Button>
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        {canLocate ? (
          <Button variant="ghost" className="-ml-2 h-8 px-2 text-accent-700" onClick={locateDevice} pending={locating}>
            {locating ? null : <LocateFixed className="size-4" aria-hidden="true" />}
            Use my location
          </Button>
        ) : null}
        <p id={`${id}-hint`} className="text-xs text-neutral-500">
          {deviceProblem ??
            (value.position && !value.name.trim()
              ? 'Name this place (a café, a park, a town) so people can find it.'
              : 'Photos are shared without their location data; a place is added only if you add it here.')}
        </p>
      </div>
    </div>
  )
}
