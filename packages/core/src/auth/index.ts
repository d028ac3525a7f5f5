export { me, resolveSession, signIn, signOut, signUp, SESSION_TTL_SECONDS, DEFAULT_AUTH_LIMITS, type AuthLimits, type AuthResult, type ClientMeta } from './auth.service.ts'
export { createSessionCache, SESSION_CACHE_SECONDS, type SessionCache } from './session-cache.ts'
