// Imported first by main.tsx, before any schema is built: zod compiles object parsers with
// `new Function` unless told not to, and probing whether it may do so is reported as a violation
// by the Content-Security-Policy the server sends (script-src without 'unsafe-eval').
import { z } from 'zod'

z.config({ jitless: true })
