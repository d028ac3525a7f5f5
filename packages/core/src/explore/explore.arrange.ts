import type { ExploreCandidate } from '../types.ts'

/** Posts of one author on one explore page, at most. */
export const PER_AUTHOR_PER_PAGE = 2

/**
 * A little personalisation: each person the viewer follows who liked a post lifts it, with
 * diminishing returns (one liker ×1.69, three ×2.39, ten ×3.4), so popular posts stay popular and
 * a friend's taste reorders them rather than replacing them.
 */
export const followedLikersBoost = (likers: number) => 1 + Math.log1p(likers)

/** Highest score first; ties by id so the order is total and repeatable. */
export const byScore = (a: ExploreCandidate, b: ExploreCandidate) => b.score - a.score || (a.id < b.id ? 1 : -1)

/**
 * Lays ranked candidates out in pages of `pageSize` with at most `perAuthor` posts of one author on
 * each: every page takes the best remaining posts whose author still has room on it. The list ends
 * with the first page that cannot be filled (only a few prolific authors left), so every page of it
 * starts at a multiple of `pageSize`.
 */
export function arrangePages(ranked: ExploreCandidate[], pageSize: number, perAuthor = PER_AUTHOR_PER_PAGE): string[] {
  const out: string[] = []
  let rest = ranked
  while (rest.length > 0) {
    const onPage = new Map<string, number>()
    const left: ExploreCandidate[] = []
    let taken = 0
    for (const c of rest) {
      const n = onPage.get(c.authorId) ?? 0
      if (taken < pageSize && n < perAuthor) {
        onPage.set(c.authorId, n + 1)
        out.push(c.id)
        taken++
      } else left.push(c)
    }
    if (taken < pageSize) break
    rest = left
  }
  return out
}
