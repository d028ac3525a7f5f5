/** Turns blob keys into URLs a browser can fetch; apps/api implements it over its /media route or a CDN. */
export interface MediaUrls {
  /** Immutable, cacheable URL for content-addressed public blobs. */
  public(key: string): string
  /** Short-lived URL for blobs of private accounts. */
  signed(key: string): string
}
