#!/usr/bin/env bash
# Draws the 128x128 extension icon (images/icon.png) with ImageMagick: a shield over a notebook
# cell. Run once when the design changes; the PNG is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's ImageMagick lives in /usr/bin (a /usr/local/bin stand-in may shadow it on PATH).
CONVERT=/usr/bin/convert
[ -x "$CONVERT" ] || { apt-get install -y imagemagick >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y imagemagick >/dev/null; }; }
mkdir -p images
"$CONVERT" -size 128x128 xc:none \
  -fill '#1e293b' -draw 'roundrectangle 4,4 123,123 22,22' \
  -fill '#334155' -draw 'roundrectangle 18,22 86,34 4,4' \
  -fill '#334155' -draw 'roundrectangle 18,42 74,54 4,4' \
  -fill '#334155' -draw 'roundrectangle 18,62 62,74 4,4' \
  -fill '#f59e0b' -draw 'rectangle 12,22 14,74' \
  -fill '#22c55e' -stroke '#0f172a' -strokewidth 3 \
  -draw 'path "M 88,50 L 114,60 L 114,82 Q 114,104 88,116 Q 62,104 62,82 L 62,60 Z"' \
  -fill none -stroke '#0f172a' -strokewidth 6 -draw 'polyline 75,83 85,93 102,72' \
  images/icon.png
/usr/bin/identify images/icon.png
