#!/usr/bin/env bash
# One command on a fresh machine: installs pnpm if needed, the dependencies, builds, and starts
# Mosaic on embedded engines (PGlite and files under ./data, no Redis). Prints the URL to open.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v pnpm >/dev/null 2>&1; then
  npm install -g pnpm@10.34.9 >/dev/null 2>&1 || { COREPACK_INTEGRITY_KEYS=0 corepack enable && corepack prepare pnpm@10.34.9 --activate; }
fi
pnpm install --frozen-lockfile
exec pnpm start
