export { createStory, deleteStory, listViewers, markSeen, type StoryViewer } from './story.service.ts'
export { byUser, tray, TRAY_MAX_ACCOUNTS } from './story.tray.ts'
export type { Story, StoryEntry, StoryMedia } from './story.shape.ts'
