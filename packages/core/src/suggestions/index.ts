export { suggestions, reasonText, type Suggestion } from './suggestion.service.ts'
export { refreshSuggestions, suggestionsChanged } from './refresh.ts'
export { BUDGET, LIST_SIZE, computeSuggestions, mostFollowed, suggestionQuery } from './compute.ts'
