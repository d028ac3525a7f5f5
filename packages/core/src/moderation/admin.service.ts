import { eq, schema } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError, notFound } from '../errors.ts'

const { users } = schema

/**
 * FORBIDDEN unless the viewer is an admin now. Read from the database on every call (never from
 * the session cache), so a revoke takes effect at once.
 */
export async function requireAdmin(deps: Pick<CoreDeps, 'db'>, viewer: Viewer): Promise<void> {
  const [row] = await deps.db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, viewer.id))
  if (!row?.isAdmin) throw new DomainError('FORBIDDEN', 'Only admins can do this')
}

/** Names or unnames an admin; only the operator's CLI calls this. Returns the account's username. */
export async function setAdmin(deps: Pick<CoreDeps, 'db'>, username: string, isAdmin: boolean): Promise<string> {
  const [row] = await deps.db
    .update(users)
    .set({ isAdmin })
    .where(eq(users.username, username.trim().toLowerCase()))
    .returning({ username: users.username })
  if (!row) throw notFound(`The account @${username}`)
  return row.username
}
