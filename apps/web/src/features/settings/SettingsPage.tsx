import { NavLink, useParams } from 'react-router'
import { PageHeading } from '../../components/PageHeading.tsx'
import { PageUnavailable } from '../../components/PageUnavailable.tsx'
import { SETTINGS_SECTIONS } from './sections.tsx'

const linkClass = (active: boolean) =>
  `block whitespace-nowrap md:whitespace-normal rounded-lg px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-accent-600 ${
    active ? 'bg-neutral-100 font-semibold text-neutral-900' : 'text-neutral-700 hover:bg-neutral-50'
  }`

/** /settings and /settings/:section: a menu of the sections beside (desktop) or above (phone) the chosen one. */
export function SettingsPage() {
  const { section = '' } = useParams()
  const current = SETTINGS_SECTIONS.find((s) => s.path === section)
  if (!current) return <PageUnavailable />
  return (
    <div className="mx-auto max-w-3xl md:flex md:gap-8">
      <title>{`${current.label} • Settings • Mosaic`}</title>
      <nav aria-label="Settings" className="mb-6 md:mb-0 md:w-52 md:shrink-0">
        <ul className="flex gap-1 overflow-x-auto md:flex-col">
          {SETTINGS_SECTIONS.map((s) => (
            <li key={s.path}>
              <NavLink to={s.path ? `/settings/${s.path}` : '/settings'} end className={({ isActive }) => linkClass(isActive)}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <section className="min-w-0 flex-1" aria-labelledby="settings-heading">
        <PageHeading>
          <span id="settings-heading">{current.label}</span>
        </PageHeading>
        {current.element}
      </section>
    </div>
  )
}
