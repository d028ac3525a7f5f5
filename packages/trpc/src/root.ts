import { adminRouter } from './routers/admin.router.ts'
import { authRouter } from './routers/auth.router.ts'
import { commentRouter } from './routers/comment.router.ts'
import { exploreRouter } from './routers/explore.router.ts'
import { feedRouter } from './routers/feed.router.ts'
import { locationRouter } from './routers/location.router.ts'
import { metaRouter } from './routers/meta.router.ts'
import { notificationRouter } from './routers/notification.router.ts'
import { postRouter } from './routers/post.router.ts'
import { storyRouter } from './routers/story.router.ts'
import { searchRouter } from './routers/search.router.ts'
import { tagRouter } from './routers/tag.router.ts'
import { userRouter } from './routers/user.router.ts'
import { router } from './trpc.ts'

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  post: postRouter,
  story: storyRouter,
  tag: tagRouter,
  location: locationRouter,
  comment: commentRouter,
  notification: notificationRouter,
  feed: feedRouter,
  explore: exploreRouter,
  search: searchRouter,
  meta: metaRouter,
  admin: adminRouter,
})

export type AppRouter = typeof appRouter
