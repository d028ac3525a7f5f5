export { tagPosts, tagSummary } from './tag.service.ts'
