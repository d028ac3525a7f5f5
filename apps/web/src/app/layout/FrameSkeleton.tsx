import { LogoMark } from '../../components/Wordmark.tsx'

/**
 * The app's frame while the session is asked: the very markup index.html paints before any script
 * runs (keep the two alike), so the first render replaces it without a flash.
 */
export function FrameSkeleton({ label }: { label: string }) {
  return (
    <div className="min-h-dvh" aria-busy="true">
      <span className="sr-only" role="status">
        {label}
      </span>
      <div className="fixed inset-y-0 left-0 hidden w-[220px] flex-col border-r border-neutral-200 bg-white px-3 pt-7 md:flex xl:w-[244px]">
        <span className="mb-6 inline-flex items-center gap-2 px-3 py-1 text-2xl font-semibold tracking-tight text-neutral-900">
          <LogoMark className="size-7" />
          Mosaic
        </span>
        <span className="mx-1 mb-4 h-10 rounded-lg bg-neutral-100" />
      </div>
      <div className="sticky top-0 flex h-14 items-center border-b border-neutral-200 bg-white px-4 md:hidden">
        <span className="inline-flex items-center gap-2 text-xl font-semibold tracking-tight text-neutral-900">
          <LogoMark className="size-6" />
          Mosaic
        </span>
      </div>
      <div className="md:pl-[220px] xl:pl-[244px]">
        <div className="mx-auto w-full max-w-[470px] py-6 md:py-10">
          <div className="flex items-center gap-3 px-4 pb-3 md:px-0">
            <span className="size-8 rounded-full bg-neutral-100" />
            <span className="h-3 w-32 rounded bg-neutral-100" />
          </div>
          <div className="aspect-square w-full bg-neutral-100 md:rounded-md" />
        </div>
      </div>
      <div className="fixed inset-x-0 bottom-0 h-14 border-t border-neutral-200 bg-white md:hidden" />
    </div>
  )
}
