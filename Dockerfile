# syntax=docker/dockerfile:1
# Mosaic's image: the production folder of scripts/build-prod.sh on a slim Node, run as a non-root
# user that can write nothing but DATA_DIR (/data). One image for every role (ROLE=all|read|write|worker).
#   docker build -t mosaic .
#   docker run -p 3000:3000 -v mosaic-data:/data mosaic          # embedded engines, data in the volume
# docker-compose.yml and docker-compose.scale.yml build and run it with real engines.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# Build: the whole workspace with its dev dependencies; only /out moves on.
FROM ${NODE_IMAGE} AS build
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN npm install -g pnpm@10.34.9 && pnpm config set store-dir /pnpm/store
WORKDIR /src
# The lockfile alone decides what is downloaded: this layer is kept until it changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY patches patches
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm fetch --frozen-lockfile
COPY . .
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile --offline \
 && bash scripts/build-prod.sh /out

# Runtime: no pnpm, no sources, no dev dependencies.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production DATA_DIR=/data PORT=3000 HOST=0.0.0.0 MALLOC_ARENA_MAX=2
WORKDIR /app
# Owned by root and read-only to the user that runs it; /data is its one writable folder
# (embedded database, local media, uploads and transcodes in progress).
COPY --from=build /out /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Every role answers /healthz (a worker too). No curl in the slim image: Node's fetch.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
