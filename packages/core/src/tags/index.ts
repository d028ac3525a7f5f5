export { tagPosts, tagSummary, topScoreSql } from './tag.service.ts'
export { refreshTrending, trendingTags } from './trending.service.ts'
export { BASELINE_SECONDS, rankTrends, reachWeight, trendScore } from './trending.math.ts'
