#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (tests/browser.py) and benchmarks/bench_render.py.
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (apt-get); `playwright install`
# cannot download its own browser build here, so Playwright drives this one via executable_path.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: /usr/bin/chromium is missing and this is not root; run: sudo apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
