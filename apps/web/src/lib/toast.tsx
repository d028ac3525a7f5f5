import { X } from 'lucide-react'
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

type Toast = { id: number; message: string; host: Element }

const ToastContext = createContext<(message: string) => void>(() => {})

/** Shows a short message (a failed like, a rate limit) at the bottom of the screen for a few seconds. */
export const useToast = () => useContext(ToastContext)

const LIFETIME_MS = 6000

/**
 * Toasts sit at the bottom of the screen. A modal <dialog> lives in the browser's top layer and
 * makes everything outside it inert, so a toast raised while one is open is drawn inside the
 * topmost open dialog instead of under it.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const nextId = useRef(0)
  const timers = useRef(new Map<number, number>())

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((t) => t.id !== id))
    window.clearTimeout(timers.current.get(id))
    timers.current.delete(id)
  }, [])

  const show = useCallback(
    (message: string) => {
      const open = document.querySelectorAll('dialog[open]')
      const host = open[open.length - 1] ?? document.body
      const id = ++nextId.current
      // The same message twice in a row (two failed taps) shows once, freshly timed.
      setToasts((list) => [...list.filter((t) => t.message !== message), { id, message, host }].slice(-3))
      timers.current.set(id, window.setTimeout(() => dismiss(id), LIFETIME_MS))
    },
    [dismiss],
  )

  useEffect(() => {
    const all = timers.current
    return () => all.forEach((t) => window.clearTimeout(t))
  }, [])

  const hosts = useMemo(() => [...new Set(toasts.map((t) => t.host))], [toasts])

  return (
    <ToastContext value={show}>
      {children}
      {hosts.map((host, i) =>
        createPortal(
          <div
            className="pointer-events-none fixed inset-x-0 bottom-[calc(4.25rem+env(safe-area-inset-bottom))] z-[60] flex flex-col items-center gap-2 px-4 md:bottom-6"
          >
            {toasts
              .filter((t) => t.host === host && host.isConnected)
              .map((t) => (
                <div
                  key={t.id}
                  role="alert"
                  className="pointer-events-auto flex max-w-md items-start gap-3 rounded-xl bg-neutral-950 py-3 pr-2 pl-4 text-sm text-white shadow-lg ring-1 ring-white/15"
                >
                  <p className="min-w-0 flex-1 py-0.5">{t.message}</p>
                  <button
                    type="button"
                    onClick={() => dismiss(t.id)}
                    aria-label="Dismiss"
                    className="inline-flex size-7 shrink-0 items-center justify-center rounded-full text-white/75 hover:bg-white/10 hover:text-white"
                  >
                    <X className="size-4" aria-hidden="true" />
                  </button>
                </div>
              ))}
          </div>,
          host,
          String(i),
        ),
      )}
    </ToastContext>
  )
}
