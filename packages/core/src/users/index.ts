export { getProfile, updateProfile, type Profile } from './user.service.ts'
