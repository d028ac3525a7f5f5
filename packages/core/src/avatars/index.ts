export { removeAvatar, setAvatar } from './avatar.service.ts'
