import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, LIMIT_BOUNDS, WIDEST_LIMITS } from './limits.ts'
import { captionSchema, captionSchemaFor, postFormFieldsFor } from './post.ts'
import { addCommentInputFor, commentText } from './social.ts'

describe('limits', () => {
  it('defaults lie within their bounds', () => {
    for (const [name, b] of Object.entries(LIMIT_BOUNDS)) {
      expect(b.min, name).toBeLessThanOrEqual(b.default)
      expect(b.default, name).toBeLessThanOrEqual(b.max)
    }
  })

  it('the plain schemas admit the widest limits an operator may configure, the per-limits ones only the limits given', () => {
    expect(captionSchema.safeParse('x'.repeat(WIDEST_LIMITS.captionLength)).success).toBe(true)
    expect(captionSchema.safeParse('x'.repeat(WIDEST_LIMITS.captionLength + 1)).success).toBe(false)
    expect(commentText.safeParse('x'.repeat(WIDEST_LIMITS.commentLength)).success).toBe(true)

    const lowered = { ...DEFAULT_LIMITS, captionLength: 5, commentLength: 3, altLength: 2, filesPerPost: 1 }
    expect(captionSchemaFor(lowered).safeParse('x'.repeat(6)).error?.issues[0]?.message).toBe('Captions are at most 5 characters')
    expect(postFormFieldsFor(lowered).safeParse({ alt: ['ab', 'c'] }).success).toBe(false)
    expect(postFormFieldsFor(lowered).safeParse({ caption: 'hello', alt: ['ab'] }).success).toBe(true)
    expect(addCommentInputFor(lowered).safeParse({ postId: crypto.randomUUID(), text: 'abcd' }).success).toBe(false)
  })

  it('builds each schema once per limits object', () => {
    const limits = { ...DEFAULT_LIMITS }
    expect(postFormFieldsFor(limits)).toBe(postFormFieldsFor(limits))
    expect(postFormFieldsFor(limits)).not.toBe(postFormFieldsFor({ ...DEFAULT_LIMITS }))
  })
})
