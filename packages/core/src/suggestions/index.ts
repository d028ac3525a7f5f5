export { suggestions, type Suggestion } from './suggestion.service.ts'
