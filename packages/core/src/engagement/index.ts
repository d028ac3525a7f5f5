export { like, likers, unlike, type LikeState } from './like.service.ts'
export { addComment, deleteComment, listComments, type Comment } from './comment.service.ts'
