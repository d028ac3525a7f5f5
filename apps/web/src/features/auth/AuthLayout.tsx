import type { ReactNode } from 'react'
import { Wordmark } from '../../components/Wordmark.tsx'

/** A decorative mosaic of tiles beside the form on wide screens. No photos: nothing is faked. */
function TileArt() {
  const tiles = [
    'from-indigo-500 to-violet-500 row-span-2',
    'from-amber-300 to-orange-400',
    'from-teal-400 to-emerald-500',
    'from-pink-400 to-rose-500 col-span-2',
    'from-sky-400 to-indigo-500',
    'from-orange-300 to-pink-400 row-span-2',
    'from-emerald-300 to-teal-500',
    'from-violet-400 to-fuchsia-500',
    'from-amber-200 to-amber-400',
  ]
  return (
    <div aria-hidden="true" className="hidden aspect-square w-full max-w-md grid-cols-3 grid-rows-4 gap-3 lg:grid">
      {tiles.map((t) => (
        <div key={t} className={`rounded-2xl bg-gradient-to-br shadow-sm ${t}`} />
      ))}
    </div>
  )
}

type Props = { title: string; tagline: string; children: ReactNode; footer: ReactNode }

export function AuthLayout({ title, tagline, children, footer }: Props) {
  return (
    <div className="flex min-h-dvh flex-col bg-neutral-50">
      <title>{`${title} • Mosaic`}</title>
      <main className="flex flex-1 items-center justify-center gap-16 px-4 py-10">
        <TileArt />
        <div className="w-full max-w-sm space-y-3">
          <section className="rounded-2xl border border-neutral-200 bg-white px-6 py-8 shadow-sm sm:px-10">
            <div className="mb-2 flex justify-center">
              <Wordmark size="lg" />
            </div>
            <p className="mb-7 text-center text-sm text-neutral-500">{tagline}</p>
            <h1 className="sr-only">{title}</h1>
            {children}
          </section>
          <div className="rounded-2xl border border-neutral-200 bg-white px-6 py-5 text-center text-sm text-neutral-700">{footer}</div>
        </div>
      </main>
      <footer className="pb-6 text-center text-xs text-neutral-500">Mosaic · a photo-sharing app you can host yourself</footer>
    </div>
  )
}
