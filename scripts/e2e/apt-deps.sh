#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests need:
#  - build tools + headers for code-server's native modules (kerberos, node-pty, argon2, ...)
#  - ripgrep (placed into @vscode/ripgrep's cache by install-code-server.sh; GitHub is unreachable)
#  - chromium (driven by playwright-core) and neovim 0.7 (second LSP client)
# Usage: bash scripts/e2e/apt-deps.sh      (needs root, as on CI)
set -euo pipefail
PKGS=(build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium neovim)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "apt-deps: all e2e packages already installed"
  exit 0
fi
echo "apt-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "apt-deps: done"
