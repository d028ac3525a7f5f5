// Started detached by a Sandbox (./engines.ts). If the test process dies without running its teardown
// (killed by a timeout, Ctrl-C, a crash), this kills every process the sandbox started and removes its
// temp folder, so no engine outlives the run. Usage: node reaper.mjs <watched pid> <state file>
import { readFileSync, rmSync } from 'node:fs'

const [watched, stateFile] = process.argv.slice(2)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const alive = (pid) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return err.code === 'EPERM'
  }
}
const signal = (pid, sig) => {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

async function cleanup() {
  let state
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8'))
  } catch {
    return // the sandbox cleaned up after itself
  }
  for (const group of state.groups) {
    signal(-group, 'SIGCONT')
    signal(-group, 'SIGKILL')
  }
  const postmasters = []
  for (const dir of state.pgDataDirs) {
    try {
      const pid = Number(readFileSync(`${dir}/postmaster.pid`, 'utf8').split('\n')[0])
      if (pid > 0) postmasters.push(pid)
    } catch {
      // not running
    }
  }
  // SIGQUIT is Postgres's immediate shutdown: the postmaster ends its children, then itself.
  for (const pid of postmasters) signal(pid, 'SIGQUIT')
  for (let i = 0; i < 50 && postmasters.some(alive); i++) await sleep(100)
  for (const pid of postmasters) signal(pid, 'SIGKILL')
  if (!state.keep) rmSync(state.root, { recursive: true, force: true })
}

process.on('SIGTERM', () => process.exit(0))
for (;;) {
  await sleep(500)
  if (!alive(Number(watched))) {
    await cleanup()
    process.exit(0)
  }
}
