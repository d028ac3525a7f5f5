// Postgres reports unique violations as SQLSTATE 23505 with the constraint's name; drizzle may wrap
// the driver error in a `cause`, and postgres.js and PGlite name the constraint field differently.
export function uniqueViolation(err: unknown): string | null {
  let e: unknown = err
  for (let depth = 0; e && depth < 4; depth++) {
    const o = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown }
    if (o.code === '23505') return String(o.constraint_name ?? o.constraint ?? '')
    e = o.cause
  }
  return null
}
