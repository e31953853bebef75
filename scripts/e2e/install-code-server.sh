#!/usr/bin/env bash
# Idempotent, offline-capable install of code-server (a real VS Code 1.100.3 with a
# Node extension host) into a project-local folder.
#
# Usage: bash scripts/e2e/install-code-server.sh [dir]     (default: .e2e/code-server)
#
# Needs the Debian packages from scripts/e2e/apt-deps.sh (build tools, libkrb5-dev,
# libx11-dev, libxkbfile-dev, libsecret-1-dev, pkg-config, python3, ripgrep).
# Pitfalls handled (see shared notes e2e-offline.md):
#  - code-server's postinstall refuses to run as root      -> npm_config_unsafe_perm=true
#  - node-pty runs `npx node-gyp`, ~/.npmrc may say yes=false -> npm_config_yes=true
#  - @vscode/ripgrep downloads rg from GitHub               -> seed its cache with Debian's rg
#  - argon2 (top-level dep) needs its install script too   -> plain `npm rebuild`
#  - code-server >= 4.101 does not accept Node 20           -> pin 4.100.3
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${1:-$ROOT/.e2e/code-server}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
BIN="$DIR/node_modules/.bin/code-server"
STAMP="$DIR/.installed-$VERSION"

if [ -f "$STAMP" ] && [ -x "$BIN" ]; then
  echo "install-code-server: code-server $VERSION already installed in $DIR"
  exit 0
fi

for tool in node npm tar rg; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "install-code-server: '$tool' not found (run scripts/e2e/apt-deps.sh first)" >&2
    exit 1
  }
done

start=$(date +%s)
echo "install-code-server: installing code-server $VERSION into $DIR"
cd "$DIR"
rm -f .installed-*
[ -f package.json ] || echo '{ "name": "istio-ls-e2e-code-server", "private": true }' > package.json

# 1. Fetch everything without running install scripts (they would hit GitHub).
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$VERSION"

# 2. Seed @vscode/ripgrep's download cache with Debian's rg.
SHRINK="node_modules/code-server/lib/vscode/npm-shrinkwrap.json"
RG_PKG_VER=$(node -p "require('./$SHRINK').packages['node_modules/@vscode/ripgrep'].version")
TMP=$(node -p 'require("os").tmpdir()')
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
( cd "$WORK" && npm pack --silent "@vscode/ripgrep@$RG_PKG_VER" >/dev/null )
RG_TAG=$(tar -xzOf "$WORK/vscode-ripgrep-$RG_PKG_VER.tgz" package/lib/postinstall.js \
  | sed -n "s/^const VERSION = '\(.*\)';/\1/p")
if [ -z "$RG_TAG" ]; then
  echo "install-code-server: could not read ripgrep VERSION from @vscode/ripgrep@$RG_PKG_VER" >&2
  exit 1
fi
ARCH=$(uname -m)
case "$ARCH" in
  x86_64) TRIPLE="x86_64-unknown-linux-musl" ;;
  aarch64) TRIPLE="aarch64-unknown-linux-musl" ;;
  *) TRIPLE="$ARCH-unknown-linux-gnu" ;;
esac
CACHE="$TMP/vscode-ripgrep-cache-$RG_PKG_VER"
mkdir -p "$CACHE" "$WORK/rg"
cp "$(command -v rg)" "$WORK/rg/rg"
tar -C "$WORK/rg" -czf "$CACHE/ripgrep-$RG_TAG-$TRIPLE.tar.gz" rg
echo "install-code-server: seeded $CACHE/ripgrep-$RG_TAG-$TRIPLE.tar.gz from $(command -v rg)"

# 3. Run all install scripts now (native modules build locally; prebuild downloads fail harmlessly).
npm_config_unsafe_perm=true npm_config_yes=true npm rebuild --loglevel=error

"$BIN" --version >/dev/null
touch "$STAMP"
echo "install-code-server: code-server $VERSION ready at $BIN ($(( $(date +%s) - start )) s)"
