// axe-core's automated accessibility checks, run in the page under test.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The WCAG 2.1 A and AA rules: what a page must pass. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] }

type AxeResults = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }
type Axe = { run: (context: unknown, options: unknown) => Promise<AxeResults> }

/**
 * The WCAG A/AA violations axe-core finds in the page as it is now, within `selector` when
 * given: each rule with the elements that break it (empty when the page is clean). Checks
 * axe cannot decide (a clip's captions, contrast over a photo) are not violations.
 */
export async function axeViolations(page: Page, selector?: string): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a script tag would be refused).
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(
    async ({ selector, tags }) => {
      const axe = Reflect.get(globalThis, 'axe') as Axe
      const context = selector ?? Reflect.get(globalThis, 'document')
      const results = await axe.run(context, { runOnly: { type: 'tag', values: tags } })
      return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }))
    },
    { selector, tags: WCAG_TAGS },
  )
}
