export { me, resolveSession, signIn, signOut, signUp, SESSION_TTL_SECONDS, SIGN_IN_LIMITS, type AuthResult, type ClientMeta } from './auth.service.ts'
