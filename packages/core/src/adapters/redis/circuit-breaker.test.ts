import { expect, it } from 'vitest'
import { createCircuitBreaker } from './circuit-breaker.ts'

it('opens on a failure, refuses every call for the cool-down, then lets one trial through', () => {
  let t = 0
  const b = createCircuitBreaker({ cooldownMs: 1000, now: () => t })
  expect(b.allows()).toBe(true)
  b.failed()
  expect(b.state).toBe('open')
  t = 999
  expect(b.allows()).toBe(false)
  t = 1000
  expect(b.allows()).toBe(true) // the trial
  expect(b.allows()).toBe(false) // everyone else while it runs
  b.failed()
  expect(b.state).toBe('open')
  t = 2000
  expect(b.allows()).toBe(true)
  b.succeeded()
  expect(b.state).toBe('closed')
  expect(b.recoveredAt).toBe(2000)
  expect(b.allows()).toBe(true)
})

it('with a probe, calls keep failing fast while it runs, and its answer decides', async () => {
  let t = 0
  let answer: (ok: boolean) => void = () => {}
  let probes = 0
  const b = createCircuitBreaker({
    cooldownMs: 100,
    now: () => t,
    probe: () => {
      probes++
      return new Promise((resolve, reject) => (answer = (ok) => (ok ? resolve('PONG') : reject(new Error('timeout')))))
    },
  })
  b.failed()
  t = 100
  expect(b.allows()).toBe(false)
  expect(b.allows()).toBe(false)
  expect(probes).toBe(1)
  answer(false)
  await Promise.resolve()
  await Promise.resolve()
  expect(b.state).toBe('open')
  t = 200
  expect(b.allows()).toBe(false)
  expect(probes).toBe(2)
  answer(true)
  await Promise.resolve()
  await Promise.resolve()
  expect(b.state).toBe('closed')
  expect(b.allows()).toBe(true)
})
