export { locationPosts, locationSuggest, locationSummary, type PlaceSummary } from './place.service.ts'
