export { explorePosts, type ExploreDeps } from './explore.service.ts'
export { refreshExplore, EXPLORE_SET_SIZE, EXPLORE_WINDOW_DAYS } from './explore.refresh.ts'
export { arrangePages, followedLikersBoost, PER_AUTHOR_PER_PAGE } from './explore.arrange.ts'
