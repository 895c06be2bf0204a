#!/usr/bin/env bash
# Regenerate docs/informe.png: the editorial report on fixtures/, as headless Chromium draws it
# (Debian package `chromium`). Run from anywhere; rerun when the report's look changes.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -- report fixtures/ -o "$tmp/informe.html"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$tmp/profile" --window-size=1200,2000 \
  --screenshot=docs/informe.png "file://$tmp/informe.html" 2>/dev/null
echo "docs/informe.png written"
