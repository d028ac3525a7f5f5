import { Monitor, Moon, Sun, type LucideIcon } from 'lucide-react'
import { setTheme, THEME_CHOICES, useThemeChoice, type ThemeChoice } from '../../lib/theme.ts'

const OPTIONS: Record<ThemeChoice, { label: string; hint: string; icon: LucideIcon }> = {
  system: { label: 'System', hint: "Follows your device's light or dark setting", icon: Monitor },
  light: { label: 'Light', hint: 'Always light', icon: Sun },
  dark: { label: 'Dark', hint: 'Always dark', icon: Moon },
}

/** Light, dark or the system's: kept on this device only (each phone or browser chooses its own). */
export function AppearanceSection() {
  const choice = useThemeChoice()
  return (
    <fieldset className="space-y-3">
      <legend className="mb-3 text-sm text-neutral-600">Theme on this device</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        {THEME_CHOICES.map((key) => {
          const { label, hint, icon: Icon } = OPTIONS[key]
          return (
            <label
              key={key}
              className={`flex cursor-pointer items-start gap-3 rounded-xl border p-4 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent-500 ${
                choice === key ? 'border-accent-500 bg-accent-50' : 'border-neutral-200 hover:bg-neutral-50'
              }`}
            >
              <input type="radio" name="theme" value={key} checked={choice === key} onChange={() => setTheme(key)} className="sr-only" />
              <Icon className="mt-0.5 size-5 shrink-0 text-neutral-700" aria-hidden="true" />
              <span>
                <span className="block text-sm font-semibold text-neutral-900">{label}</span>
                <span className="block text-xs text-neutral-600">{hint}</span>
              </span>
            </label>
          )
        })}
      </div>
    </fieldset>
  )
}
