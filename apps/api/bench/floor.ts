// The floor for the feed benchmark: the least a correct home feed page can cost. A bare Node HTTP
// server (no framework, no database) that does every Redis read a correct page needs, in two
// pipelined round trips — the session and the timeline range, then the cached post JSON, the
// counts and the viewer's likes — and splices those strings into the response without parsing
// them. Its pages are padded to the size of Mosaic's (measured by the benchmark), so both send the
// same bytes. Whatever Mosaic adds on top is measured against this. It runs in a process of its
// own, as Mosaic's server does, not beside the load generator (`startFloorProcess`).
import { fork, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { Redis } from 'ioredis'

const PAGE = 20

export function startFloor(opts: FloorOptions): Promise<{ server: Server; close(): Promise<void> }> {
  const redis = new Redis(opts.redisUrl, { keyPrefix: opts.prefix })
  redis.on('error', () => {}) // a reply lost while the process ends; a page that fails shows as an error in the load
  const server = createServer(async (req, res) => {
    const token = (req.headers.authorization ?? '').slice(7)
    // The token → user map stands in for knowing the session's user before its read returns, so the
    // session and the timeline can share one round trip (Mosaic cannot do better than this).
    const userId = opts.userByToken.get(token)
    if (!userId) return void res.writeHead(401).end()
    const hash = createHash('sha256').update(token).digest('hex')
    const first = await redis.pipeline().get(`{sess:${hash}}`).zrevrangebyscore(`{u:${userId}}:tl`, '+inf', '-inf', 'WITHSCORES', 'LIMIT', 0, PAGE + 1).exec()
    const session = first?.[0]?.[1]
    if (session === 'revoked') return void res.writeHead(401).end()
    const flat = (first?.[1]?.[1] as string[] | undefined) ?? []
    const ids: string[] = []
    for (let i = 0; i < flat.length && ids.length < PAGE; i += 2) ids.push(flat[i]!)
    let items = ''
    if (ids.length > 0) {
      const second = await redis
        .pipeline()
        .mget(...ids.map((id) => `{p:${id}}`))
        .mget(...ids.map((id) => `{p:${id}}:n`))
        .smismember(`{u:${userId}}:liked`, ...ids)
        .exec()
      const posts = second?.[0]?.[1] as (string | null)[]
      const counts = second?.[1]?.[1] as (string | null)[]
      const liked = second?.[2]?.[1] as number[]
      const parts: string[] = []
      for (let i = 0; i < ids.length; i++) {
        const post = posts[i]
        if (!post) continue
        const [likes, comments] = (counts[i] ?? '0,0').split(',')
        parts.push(`{"post":${post},"likeCount":${likes},"commentCount":${comments},"viewerHasLiked":${liked[i] === 1}}`)
      }
      items = parts.join(',')
    }
    const next = flat.length > PAGE * 2 ? `"${ids[ids.length - 1]}"` : 'null'
    const body = `{"result":{"data":{"items":[${items}],"nextCursor":${next}}}}`
    const pad = opts.pageBytes - Buffer.byteLength(body) - 8
    res.writeHead(200, { 'content-type': 'application/json' }).end(pad > 0 ? `${body.slice(0, -1)},"p":"${'x'.repeat(pad)}"}` : body)
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

type FloorOptions = { redisUrl: string; prefix: string; userByToken: Map<string, string>; port: number; pageBytes: number }

/** The floor in a child process (this file run by tsx): resolves once it listens; `close` ends it. */
export function startFloorProcess(opts: FloorOptions): Promise<{ pid: number; close(): Promise<void> }> {
  const child: ChildProcess = fork(import.meta.filename, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('message', () =>
      resolve({
        pid: child.pid ?? 0,
        close: () => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))),
      }),
    )
    child.send({ ...opts, userByToken: [...opts.userByToken] })
  })
}

// Run as the child: take the options, listen, say so.
if (process.send && process.argv[1] === import.meta.filename) {
  process.once('message', async (msg: Omit<FloorOptions, 'userByToken'> & { userByToken: [string, string][] }) => {
    const floor = await startFloor({ ...msg, userByToken: new Map(msg.userByToken) })
    process.once('SIGTERM', () => void floor.close().then(() => process.exit(0)))
    process.send?.('listening')
  })
}
