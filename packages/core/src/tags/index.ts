export { tagPosts } from './tag.service.ts'
