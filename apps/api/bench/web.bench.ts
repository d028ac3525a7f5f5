// pnpm bench:web — the web app's first load, cold cache, as a phone on a slow network sees it:
// Chromium's network throttled to Lighthouse's "Slow 4G" profile (150 ms RTT, 1.6 Mbps down,
// 750 kbps up) and its CPU slowed 4×, opening the feed of a person who follows someone with photos.
// Reports first contentful paint, largest contentful paint and the JS+CSS bytes (as transferred,
// compressed) fetched before the first photo painted. The server is the built API in embedded mode
// (PGlite, fs blobs) in a temporary DATA_DIR. Not part of the tests: timings vary by machine.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { paths } from '../src/paths.ts'
import { startApi, stopApi } from './server.ts'

const env = process.env
const RUNS = Number(env.BENCH_RUNS ?? 3)
const PHOTOS = ['Landscape_1.jpg', 'flowers.jpeg', 'concert.jpg', 'Landscape_2.jpg', 'Landscape_3.jpg', 'Landscape_4.jpg', 'Landscape_5.jpg', 'Landscape_6.jpg']
// Lighthouse's mobile "Slow 4G" (its `mobileSlow4G` throttling constants), applied through DevTools.
const SLOW_4G = { latency: 150, downloadThroughput: (1638.4 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 }
const CPU_SLOWDOWN = 4

const log = (m: string) => console.log(m)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}

type Api = { base: string; token: string }

async function trpc<T>(api: Api, proc: string, body: FormData | object): Promise<T> {
  const headers: Record<string, string> = api.token ? { authorization: `Bearer ${api.token}` } : {}
  const init = body instanceof FormData ? { body } : { body: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } }
  const res = await fetch(`${api.base}/trpc/${proc}`, { method: 'POST', headers, ...init })
  const json = (await res.json()) as { result?: { data: T }; error?: { message: string } }
  if (!json.result) throw new Error(`${proc}: ${res.status} ${json.error?.message ?? ''}`)
  return json.result.data
}

/** A reader who follows an author with a post per photo: the reader's token. */
async function seedFeed(base: string): Promise<string> {
  const signUp = (username: string) => trpc<{ token: string }>({ base, token: '' }, 'auth.signUp', { username, email: `${username}@example.test`, password: 'bench password' })
  const author: Api = { base, token: (await signUp('webbench.author')).token }
  const reader: Api = { base, token: (await signUp('webbench.reader')).token }
  for (const [i, name] of PHOTOS.entries()) {
    const form = new FormData()
    form.append('files', new Blob([new Uint8Array(readFileSync(path.join(paths.fixtures, name)))]), name)
    form.append('caption', `Bench photo ${i + 1} #webbench`)
    await trpc(author, 'post.create', form)
  }
  await trpc(reader, 'user.follow', { username: 'webbench.author' })
  return reader.token
}

const FIRST_PHOTO_LOADED = `(() => { const img = document.querySelector('main img[src*="/media/"]'); return !!img && img.complete && img.naturalWidth > 0 && img.currentSrc.includes('/media/') })()`

type Run = { timeline: string[]; fcp: number; lcp: number; photo: number; jsCssBytes: number; jsCssBytesAll: number; files: number }

async function measure(browser: Awaited<ReturnType<typeof chromium.launch>>, base: string, token: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
  await context.addCookies([{ name: 'mosaic_session', value: token, url: base }])
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_4G })
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })
  // Every LCP candidate, and when each photo painted (Element Timing: every /media/ image is marked
  // as it enters the document, so the app needs no attribute of its own), recorded from the start.
  await page.addInitScript(`
    window.__lcp = [];
    window.__photo = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp.push({ t: e.startTime, url: e.url || '', size: e.size, el: e.element ? e.element.tagName + '.' + String(e.element.className).slice(0, 40) : '(removed)' }) })
      .observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__photo.push({ t: e.renderTime || e.loadTime, url: e.url, id: e.identifier }) })
      .observe({ type: 'element', buffered: true });
    new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes) if (n.querySelectorAll) for (const img of [n, ...n.querySelectorAll('img')]) if (img.tagName === 'IMG' && (img.getAttribute('src') || '').includes('/media/')) img.setAttribute('elementtiming', 'photo') })
      .observe(document, { childList: true, subtree: true });`)
  await page.goto(`${base}/`, { waitUntil: 'load', timeout: 120_000 })
  // The feed's first photo, fully loaded (the thumbhash under it is not the photo).
  for (let i = 0; !(await page.evaluate(FIRST_PHOTO_LOADED)); i++) {
    if (i > 1200) throw new Error('the feed showed no photo within 2 minutes')
    await page.waitForTimeout(100)
  }
  await page.waitForTimeout(1000)
  // A string, not a function: tsx would wrap named helpers in a `__name` the page does not have.
  const r = (await page.evaluate(`(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN
    const lcp = window.__lcp.at(-1)?.t ?? NaN
    const first = document.querySelector('main img[src*="/media/"]')
    const photo = window.__photo.find((e) => e.url === first.currentSrc)?.t ?? NaN
    const assets = performance.getEntriesByType('resource').filter((e) => /\\.(js|css)(\\?|$)/.test(new URL(e.name).pathname))
    const before = assets.filter((e) => e.responseEnd <= photo)
    const sum = (xs) => xs.reduce((n, e) => n + e.transferSize, 0)
    const timeline = performance.getEntriesByType('resource').map((e) => Math.round(e.startTime) + '-' + Math.round(e.responseEnd) + ' ' + Math.round(e.transferSize / 1024) + 'KB ' + e.name.replace(location.origin, '').slice(0, 90))
    const nav = performance.getEntriesByType('navigation')[0]
    timeline.unshift('HTML ' + Math.round(nav.requestStart) + ' first byte ' + Math.round(nav.responseStart) + ' end ' + Math.round(nav.responseEnd) + ' ' + Math.round(nav.transferSize / 1024) + 'KB')
    timeline.push(...window.__lcp.map((e) => 'LCP ' + Math.round(e.t) + ' ' + e.size + ' ' + e.el + ' ' + e.url.replace(location.origin, '').slice(0, 60)))
    return { timeline, fcp, lcp, photo, jsCssBytes: sum(before), jsCssBytesAll: sum(assets), files: before.length }
  })()`)) as Run
  await context.close()
  return r
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'mosaic-bench-web-'))
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server = await startApi(port, { ...env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: undefined, REDIS_URL: undefined, S3_ENDPOINT: undefined })
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
  try {
    log('seeding a feed with photos…')
    const token = await seedFeed(base)
    // A warm-up load: the server's first answers (PGlite, sharp) are not what a visitor meets.
    await measure(browser, base, token)
    const runs: Run[] = []
    for (let i = 0; i < RUNS; i++) {
      const r = await measure(browser, base, token)
      log(`  run ${i + 1}: FCP ${r.fcp.toFixed(0)} ms, LCP ${r.lcp.toFixed(0)} ms, first photo ${r.photo.toFixed(0)} ms, JS+CSS before it ${(r.jsCssBytes / 1024).toFixed(1)} KB in ${r.files} files`)
      if (env.BENCH_DEBUG) log(r.timeline.join('\n'))
      runs.push(r)
    }
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
    const rows: [string, string][] = [
      ['first contentful paint, median (goal ≤ 1.5 s)', `${(median(runs.map((r) => r.fcp)) / 1000).toFixed(2)} s`],
      ['largest contentful paint on the feed, median (goal ≤ 2.5 s)', `${(median(runs.map((r) => r.lcp)) / 1000).toFixed(2)} s`],
      ['first feed photo painted, median', `${(median(runs.map((r) => r.photo)) / 1000).toFixed(2)} s`],
      ['JS+CSS transferred before the first photo paints (goal ≤ 200 KB)', kb(median(runs.map((r) => r.jsCssBytes)))],
      ['JS+CSS transferred by the whole load', kb(median(runs.map((r) => r.jsCssBytesAll)))],
    ]
    log(`\nweb first load, Slow 4G (150 ms RTT, 1.6 Mbps down, 750 kbps up), CPU ${CPU_SLOWDOWN}× slower, 390 px phone, ${RUNS} cold runs`)
    for (const [k, v] of rows) log(`  ${k.padEnd(66)} ${v}`)
  } finally {
    await browser.close()
    await stopApi(server)
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
