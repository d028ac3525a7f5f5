export { jobPayloads, type EnqueueOptions, type JobData, type JobHandlers, type JobName, type JobPayload, type JobQueue } from './jobs.ts'
export { createMemoryQueue } from './memory.queue.ts'
export { createJobHandlers, type FeedJobs } from './handlers.ts'
export { createBullQueue, startBullWorker, type QueueConnection } from './bullmq.queue.ts'
