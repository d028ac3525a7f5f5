import { NavLink } from 'react-router'

const tab = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-1.5 text-sm font-semibold ${isActive ? 'bg-white text-neutral-900 shadow-sm' : 'text-neutral-600 hover:text-neutral-900'}`

/** The New button makes a post or a story: a switch between the two forms. */
export function NewKindSwitch() {
  return (
    <nav aria-label="What to share" className="flex rounded-lg bg-neutral-100 p-0.5">
      <NavLink to="/new" end className={tab}>
        Post
      </NavLink>
      <NavLink to="/new/story" className={tab}>
        Story
      </NavLink>
    </nav>
  )
}
