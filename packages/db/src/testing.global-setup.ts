import { createTemplate } from './testing.ts'

export default async function setup(): Promise<void> {
  await createTemplate()
}
