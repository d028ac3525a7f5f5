import { expect, it } from 'vitest'
import { limitAddress } from './address.ts'

it('counts IPv4 by address and IPv6 by its /64, however it is written', () => {
  expect(limitAddress('203.0.113.7')).toBe('203.0.113.7')
  expect(limitAddress('::ffff:203.0.113.7')).toBe('203.0.113.7')
  expect(limitAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
  expect(limitAddress('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
  expect(limitAddress('2001:db8::1')).toBe('2001:db8:0:0::/64')
  expect(limitAddress('::1')).toBe('0:0:0:0::/64')
})
