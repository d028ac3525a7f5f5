// The cluster test's and bench's only reads of the environment (lint allows process.env in files named test-env.ts).
export const clusterEnv = {
  /** Passed on to the processes the cluster starts (they find redis-server, haproxy and friends through it). */
  path: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  /** Keep the temp folder (engine and process logs, data) after the run for a post-mortem. */
  keep: process.env.CLUSTER_KEEP === '1',
}
