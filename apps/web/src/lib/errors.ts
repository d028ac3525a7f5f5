import { TRPCClientError } from '@trpc/client'
import type { z } from 'zod'

/** What a form shows: a message under each field it knows, and one general message for the rest. */
export type FormErrors<F extends string> = { fields: Partial<Record<F, string>>; general: string | null }

export const noErrors = { fields: {}, general: null }

/** The extra error data the server adds (see packages/trpc/src/trpc.ts, errorFormatter). */
type ErrorData = {
  code?: string
  httpStatus?: number
  field?: string
  fieldErrors?: Record<string, string>
  retryAfterSeconds?: number
}

function dataOf(error: unknown): ErrorData | null {
  if (!(error instanceof TRPCClientError)) return null
  return (error.data as ErrorData | null | undefined) ?? null
}

export function errorCode(error: unknown): string | null {
  return dataOf(error)?.code ?? null
}

export const isNotFound = (error: unknown) => errorCode(error) === 'NOT_FOUND'

/** A sentence a person can act on, for errors that belong to no single field. */
export function generalMessage(error: unknown): string {
  if (!(error instanceof TRPCClientError)) return 'Something went wrong. Please try again.'
  const data = dataOf(error)
  // No data at all: the request never got an answer from the API.
  if (!data) return "Can't reach Mosaic right now. Check your connection and try again."
  switch (data.code) {
    case 'BAD_REQUEST':
      // Validation messages arrive as fieldErrors; the raw message is a JSON dump of zod issues.
      return 'Some of the details are not valid. Please check them and try again.'
    case 'INTERNAL_SERVER_ERROR':
      return 'Something went wrong on our side. Please try again in a moment.'
    default:
      return error.message
  }
}

/** Splits a failed mutation into inline messages for the form's fields and a general message. */
export function formErrorsFrom<F extends string>(error: unknown, fields: readonly F[]): FormErrors<F> {
  const data = dataOf(error)
  const known = (name: string): name is F => (fields as readonly string[]).includes(name)
  const result: FormErrors<F> = { fields: {}, general: null }

  for (const [name, message] of Object.entries(data?.fieldErrors ?? {})) {
    if (known(name)) result.fields[name] = message
    else result.general ??= message
  }
  if (data?.field && known(data.field) && error instanceof TRPCClientError) {
    result.fields[data.field] = error.message
  }
  if (Object.keys(result.fields).length === 0 && result.general === null) result.general = generalMessage(error)
  return result
}

/** Runs a shared zod schema in the browser: the parsed value, or the first message per field. */
export function validate<S extends z.ZodType, F extends string>(
  schema: S,
  value: unknown,
  fields: readonly F[],
): { ok: true; data: z.output<S> } | { ok: false; errors: FormErrors<F> } {
  const parsed = schema.safeParse(value)
  if (parsed.success) return { ok: true, data: parsed.data }
  const errors: FormErrors<F> = { fields: {}, general: null }
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '')
    if ((fields as readonly string[]).includes(name)) errors.fields[name as F] ??= issue.message
    else errors.general ??= issue.message
  }
  return { ok: false, errors }
}
