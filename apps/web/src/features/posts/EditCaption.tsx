import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Button } from '../../components/Button.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { formErrorsFrom } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { CaptionField } from './CaptionField.tsx'
import { patchPostInLists } from './postCache.ts'
import type { Post } from './types.ts'

/** The author edits a caption in the post's side panel: the text scrolls, Save and Cancel stay at the bottom. */
export function EditCaption({ post, inset, onDone }: { post: Post; inset: string; onDone: () => void }) {
  const [caption, setCaption] = useState(post.caption)
  const [error, setError] = useState<{ caption?: string | undefined; general?: string | null }>({})
  const utils = trpc.useUtils()
  const queryClient = useQueryClient()
  const update = trpc.post.update.useMutation({
    onSuccess: (updated) => {
      utils.post.byId.setData({ id: updated.id }, updated)
      patchPostInLists(queryClient, updated.id, () => ({ caption: updated.caption }))
      void utils.post.byUser.invalidate({ username: updated.author.username })
      void utils.tag.posts.invalidate()
      onDone()
    },
    onError: (e) => {
      const errors = formErrorsFrom(e, ['caption'] as const)
      setError({ caption: errors.fields.caption, general: errors.general })
    },
  })

  function save(e: FormEvent) {
    e.preventDefault()
    if (caption === post.caption) return onDone()
    update.mutate({ id: post.id, caption })
  }

  return (
    <form onSubmit={save} aria-label="Edit caption" className="flex min-h-0 flex-1 flex-col">
      <div className={`min-h-0 flex-1 space-y-3 overflow-y-auto py-3 md:py-4 ${inset}`}>
        <CaptionField
          value={caption}
          onChange={(v) => {
            setCaption(v)
            setError({})
          }}
          error={error.caption}
          autoFocus
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault()
              e.stopPropagation()
              onDone()
            }
          }}
        />
        <FormAlert message={error.general ?? null} />
      </div>
      <div className={`flex shrink-0 justify-end gap-2 border-t border-neutral-200 py-3 ${inset}`}>
        <Button variant="ghost" onClick={onDone} disabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={update.isPending}>
          Save
        </Button>
      </div>
    </form>
  )
}
