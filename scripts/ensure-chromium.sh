#!/usr/bin/env bash
# Makes sure headless Chromium is installed for the browser test of the audit report
# (test/report/browser.test.ts). Idempotent: does nothing when /usr/bin/chromium exists; installs
# the Debian package with apt-get when it is missing and we are root; otherwise says why not.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: $CHROMIUM is missing and this is not root: run 'apt-get install -y chromium' as root" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and there is no apt-get on this machine" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
