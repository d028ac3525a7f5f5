export { me, resolveSession, signIn, signOut, signUp, SESSION_TTL_SECONDS, type AuthLimits, type AuthResult, type ClientMeta } from './auth.service.ts'
export { SESSION_CACHE_SECONDS } from '../types.ts'
export type { SessionCache } from '../ports.ts'
