#!/usr/bin/env bash
# Installs what the service and its tests need and the machine lacks, saying what it does.
# Sourced by scripts/run.sh and scripts/test.sh; safe to run again (it installs only what is missing).
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root and sudo is not available" >&2; return 1; fi
}

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "error: $* missing and this is not a Debian/Ubuntu machine: install it with your package manager" >&2
    return 1
  fi
  if [ "$apt_updated" -eq 0 ]; then
    say "Updating the Debian package lists"
    as_root apt-get update -qq
    apt_updated=1
  fi
  say "Installing $* (Debian packages)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

require_dotnet() {
  if ! command -v dotnet >/dev/null; then
    echo "error: the .NET SDK (10.0) is required: https://dot.net" >&2
    exit 1
  fi
  say "Using .NET SDK $(dotnet --version)"
}

# ffmpeg/ffprobe: video probing and frame decoding (FFMpegCore drives them).
require_ffmpeg() {
  if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then
    say "Using $(ffmpeg -version | head -n1)"
  else
    apt_install ffmpeg
  fi
}

# redis-server: the Redis clustering tests start their own on a free loopback port (Debian's package).
require_redis() {
  if command -v redis-server >/dev/null; then
    say "Using $(redis-server --version | cut -d' ' -f1-3)"
  else
    apt_install redis-server
  fi
}

# Azurite: the Azure Storage emulator (npm package 'azurite') that the Azure blob store tests start
# on a free loopback port. Installed globally with npm (Node.js and npm from apt-get if missing).
require_azurite() {
  if command -v azurite-blob >/dev/null; then
    say "Using Azurite $(azurite-blob --version)"
    return
  fi
  if ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  say "Installing Azurite 3 (the Azure Storage emulator, for the blob store tests): npm install -g azurite"
  as_root npm install -g --no-audit --no-fund --loglevel=error azurite@3
  if ! command -v azurite-blob >/dev/null; then
    echo "error: npm installed Azurite, but azurite-blob is not on PATH; add $(npm prefix -g)/bin to PATH" >&2
    exit 1
  fi
  say "Using Azurite $(azurite-blob --version)"
}

# Chromium: the browser tests (tests/Browser.Tests) drive Debian's chromium headless through Playwright,
# which is told where it is and downloads no browser of its own.
require_chromium() {
  if [ -x /usr/bin/chromium ]; then
    say "Using $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
  else
    apt_install chromium
  fi
}
