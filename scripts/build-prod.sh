#!/usr/bin/env bash
# Builds Mosaic and writes a self-contained production folder to OUT_DIR (what the Docker image holds):
#   OUT_DIR/dist/main.js, dist/cli.js   the bundled server and CLI (workspace packages compiled in)
#   OUT_DIR/node_modules                only the api's production dependencies (sharp, the ffmpeg and
#                                       ffprobe binaries, PGlite, …), from the lockfile
#   OUT_DIR/migrations, OUT_DIR/web     the SQL migrations and the built web app (apps/api/src/paths.ts)
# Run it with `node OUT_DIR/dist/main.js` and `node OUT_DIR/dist/cli.js migrate`; nothing in it is
# written at run time (everything goes to DATA_DIR), so it can belong to root and run as anyone.
set -euo pipefail
out="${1:?usage: scripts/build-prod.sh OUT_DIR}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
cd "$(dirname "$0")/.."
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "build-prod: $out is not empty; give a new or empty folder" >&2
  exit 1
fi

pnpm exec turbo run build --output-logs=errors-only
# pnpm 10 deploys from the shared lockfile only with injected workspace packages; they are bundled
# into dist/ anyway, so setting it for this command alone changes nothing else in the workspace.
pnpm --config.inject-workspace-packages=true --filter @mosaic/api deploy --prod "$out"
rm -f "$out/pnpm-lock.yaml"
cp -R packages/db/drizzle "$out/migrations"
cp -R apps/web/dist "$out/web"
# Readable by everyone, and executable where anyone could execute it: the folder is run by a user
# that does not own it, and some packages' install scripts make their binaries executable for the
# installing user only (@ffprobe-installer's `chmod u+x ffprobe`: the server would refuse to start).
chmod -R a+rX,go-w "$out"
echo "build-prod: production folder in $out ($(du -sh "$out" | cut -f1))"
