// The floor for the feed benchmark: a bare Node HTTP server that does only what a feed page needs
// from Redis (the timeline range and the cached posts) and the JSON encoding — no framework, no
// auth lookup, no database. Whatever Mosaic adds on top is measured against this.
import { createServer, type Server } from 'node:http'
import { Redis } from 'ioredis'

export function startFloor(opts: { redisUrl: string; prefix: string; userByToken: Map<string, string>; port: number }): Promise<{ server: Server; close(): Promise<void> }> {
  const redis = new Redis(opts.redisUrl, { keyPrefix: opts.prefix })
  const server = createServer(async (req, res) => {
    const token = (req.headers.authorization ?? '').slice(7)
    const userId = opts.userByToken.get(token)
    if (!userId) {
      res.writeHead(401).end()
      return
    }
    const flat = await redis.zrevrangebyscore(`{u:${userId}}:tl`, '+inf', '-inf', 'WITHSCORES', 'LIMIT', 0, 21)
    const ids: string[] = []
    for (let i = 0; i < flat.length && ids.length < 20; i += 2) ids.push(flat[i]!)
    const cached = ids.length ? await redis.mget(...ids.map((id) => `{p:${id}}`)) : []
    const items = cached.filter((c): c is string => c !== null).map((c) => JSON.parse(c) as unknown)
    const body = JSON.stringify({ result: { data: { items, nextCursor: flat.length > 40 ? 'x' : null } } })
    res.writeHead(200, { 'content-type': 'application/json' }).end(body)
  })
  return new Promise((resolve) =>
    server.listen(opts.port, '127.0.0.1', () =>
      resolve({
        server,
        close: () => new Promise<void>((r) => server.close(() => void redis.quit().then(() => r()))),
      }),
    ),
  )
}
