export { jobPayloads, jobRetries, type JobData, type JobHandlers, type JobName, type JobPayload, type JobRun } from '../job-payloads.ts'
export type { EnqueueOptions, FeedJobs, JobQueue } from '../ports.ts'
export { createJobHandlers } from './handlers.ts'
