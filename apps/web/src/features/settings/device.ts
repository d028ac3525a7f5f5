// A readable device from a User-Agent header ("Chrome on Android"), for the list of sessions.
// Order matters: Edge, Opera and Samsung Internet also say "Chrome", and Chrome also says "Safari".

const BROWSERS: [RegExp, string][] = [
  [/EdgA?\/|EdgiOS\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chromium\//, 'Chromium'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]

const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPod/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Macintosh|Mac OS X/, 'Mac'],
  [/Linux/, 'Linux'],
]

export type Device = { name: string; mobile: boolean }

export function describeDevice(userAgent: string | null): Device {
  if (!userAgent) return { name: 'Unknown device', mobile: false }
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1]
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1]
  const mobile = /Mobi|Android|iPhone|iPad|iPod/.test(userAgent)
  if (browser && system) return { name: `${browser} on ${system}`, mobile }
  if (browser ?? system) return { name: (browser ?? system)!, mobile }
  // Apps and scripts ("curl/8.5.0", "MosaicImport/1.2"): their own name.
  const product = /^([A-Za-z][\w.-]{0,40})\//.exec(userAgent)?.[1]
  return { name: product ?? 'Unknown device', mobile }
}
