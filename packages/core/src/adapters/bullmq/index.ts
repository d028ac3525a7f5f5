export { createBullQueue, startBullWorker, type QueueConnection } from './queue.ts'
