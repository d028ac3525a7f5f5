export { listNotifications, markRead, unreadCount, writeNotification, type Notification } from './notification.service.ts'
export { notifyMentions } from './mentions.ts'
