export { me, resolveSession, signIn, signOut, signUp, SESSION_TTL_SECONDS, DEFAULT_AUTH_LIMITS, type AuthLimits, type AuthResult, type ClientMeta } from './auth.service.ts'
