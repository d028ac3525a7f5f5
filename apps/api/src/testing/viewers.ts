// The viewers of the privacy matrix that API.md's rules are tested against, built once for every
// privacy test: who asks, relative to one account.
import type { TestApp } from './harness.ts'

export type Role = 'anonymous' | 'stranger' | 'pending' | 'follower' | 'blocked' | 'blocker' | 'owner'
export const ROLES: Role[] = ['anonymous', 'stranger', 'pending', 'follower', 'blocked', 'blocker', 'owner']

type Person = Awaited<ReturnType<TestApp['user']>>

/**
 * Signs up the viewers of `owner` (named `<prefix>.<role>`) and ties them to it: `follower` follows
 * (approved when the owner is private), `pending` asked to follow a private owner and waits (of a
 * public one it is just another stranger), `blocked` is blocked by the owner and `blocker` blocks it.
 * Both of those followed first (approved), so the tests also see a block remove the edges. The same
 * two blocks are made with each account of `alsoBlocked`. Returns each role's bearer token
 * (`anonymous` has none).
 */
export async function viewersOf(t: TestApp, prefix: string, owner: Person, opts: { isPrivate: boolean; alsoBlocked?: Person[] }): Promise<Record<Role, string | undefined>> {
  const [stranger, pending, follower, blocked, blocker] = await Promise.all(['stranger', 'pending', 'follower', 'blocked', 'blocker'].map((r) => t.user(`${prefix}.${r}`)))
  const follow = async (who: Person) => {
    const { state } = await who.api.user.follow({ username: owner.username })
    const expected = opts.isPrivate ? 'requested' : 'following'
    if (state !== expected) throw new Error(`${who.username} following ${owner.username}: ${state}, expected ${expected}`)
  }
  for (const who of [follower!, blocked!, blocker!]) {
    await follow(who)
    if (opts.isPrivate) await owner.api.user.approveFollow({ username: who.username })
  }
  if (opts.isPrivate) await follow(pending!)
  for (const account of [owner, ...(opts.alsoBlocked ?? [])]) {
    await account.api.user.block({ username: blocked!.username })
    await blocker!.api.user.block({ username: account.username })
  }
  return { anonymous: undefined, stranger: stranger!.token, pending: pending!.token, follower: follower!.token, blocked: blocked!.token, blocker: blocker!.token, owner: owner.token }
}
