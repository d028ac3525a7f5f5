import { Link } from 'react-router'

/** What a missing page, unknown user or hidden profile looks like: the same for all three. */
export function PageUnavailable() {
  return (
    <div className="mx-auto max-w-md px-4 py-20 text-center">
      <title>Page not found • Mosaic</title>
      <h1 className="text-2xl font-bold tracking-tight">Sorry, this page isn't available.</h1>
      <p className="mt-4 text-neutral-600">
        The link you followed may be broken, or the page may have been removed.{' '}
        <Link to="/" className="font-medium text-accent-600 hover:underline">
          Go back to Mosaic.
        </Link>
      </p>
    </div>
  )
}
