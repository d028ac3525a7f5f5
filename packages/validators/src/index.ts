export * from './auth.ts'
export * from './user.ts'
export * from './pagination.ts'
export * from './post.ts'
