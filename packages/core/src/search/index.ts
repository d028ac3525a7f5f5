export { searchUsers } from './users.service.ts'
export { searchTags, type TagHit } from './tags.service.ts'
export { searchPosts, SEARCH_CANDIDATES, SEARCH_HALF_LIFE_HOURS } from './posts.service.ts'
export { parsePostQuery, type PostQuery } from './query.ts'
