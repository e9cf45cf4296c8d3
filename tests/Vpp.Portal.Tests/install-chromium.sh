#!/usr/bin/env bash
# Debian's Chromium for the portal's browser tests (Playwright never downloads a browser here). Idempotent: does
# nothing when /usr/bin/chromium is there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo > /dev/null; then
    echo "install-chromium: Chromium is missing and this user can neither install packages nor sudo; install Debian's chromium package" >&2
    exit 1
  fi
  sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium > /dev/null
/usr/bin/chromium --version
