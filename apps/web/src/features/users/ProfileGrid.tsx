import { Copy } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { placeholderUrl } from '../../lib/placeholder.ts'

/** One square in a profile's grid: the first photo of a post, linking to the post. */
export type GridItem = {
  id: string
  href: string
  thumbUrl: string
  alt: string
  /** base64 thumbhash, painted underneath while the thumbnail loads */
  placeholder?: string
  /** the post has more than one photo */
  multiple?: boolean
}

export function ProfileGrid({ items, empty }: { items: GridItem[]; empty: ReactNode }) {
  if (items.length === 0) return <>{empty}</>
  return (
    <ul className="grid grid-cols-3 gap-0.5 md:gap-1">
      {items.map((item) => {
        const placeholder = item.placeholder ? placeholderUrl(item.placeholder) : undefined
        return (
          <li key={item.id}>
            <Link
              to={item.href}
              className="group relative block aspect-square overflow-hidden bg-neutral-100 bg-cover bg-center"
              style={placeholder ? { backgroundImage: `url(${placeholder})` } : undefined}
            >
              <img src={item.thumbUrl} alt={item.alt} loading="lazy" decoding="async" className="size-full object-cover" />
              <span className="absolute inset-0 bg-black/0 transition-colors group-hover:bg-black/20" aria-hidden="true" />
              {item.multiple ? (
                <Copy className="absolute top-2 right-2 size-5 text-white drop-shadow" aria-label="Several photos" />
              ) : null}
            </Link>
          </li>
        )
      })}
    </ul>
  )
}
