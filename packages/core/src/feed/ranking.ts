/**
 * The `top` score: engagement decayed by age, as on Hacker News.
 *
 *   score = (likes + 2·comments + 1) / (ageHours + 2)^1.5
 *
 * Comments weigh double (they cost more than a tap); +1 lets a brand-new post with no engagement
 * still rank by recency; +2 hours keeps the first minutes from dominating; the exponent 1.5 halves
 * a post's score roughly every time its age grows by 60%, so yesterday's hit yields to today's.
 * tag.posts uses the same formula in SQL.
 */
export function topScore(p: { likeCount: number; commentCount: number; createdAtMs: number }, nowMs: number): number {
  const ageHours = Math.max(0, nowMs - p.createdAtMs) / 3_600_000
  return (p.likeCount + 2 * p.commentCount + 1) / Math.pow(ageHours + 2, 1.5)
}

export type Candidate = { id: string; createdAtMs: number; likeCount: number; commentCount: number }

/** Highest score first; ties by recency then id so the order is total and repeatable. */
export function rank(candidates: Candidate[], nowMs: number): string[] {
  return candidates
    .map((c) => ({ c, s: topScore(c, nowMs) }))
    .sort((a, b) => b.s - a.s || b.c.createdAtMs - a.c.createdAtMs || (a.c.id < b.c.id ? 1 : -1))
    .map((x) => x.c.id)
}
