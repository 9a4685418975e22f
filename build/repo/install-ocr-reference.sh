#!/usr/bin/env bash
# Installs the independent OCR reference (build/repo/ocr-reference: @gutenye/ocr-node 1.4.8 with onnxruntime-node and
# sharp, whose native binaries ship inside their npm packages) into .accelerate/ocr-reference/ (ignored; never
# committed), with `npm ci`: exactly the versions of its package-lock.json. Idempotent: an install whose lock file and
# driver match is left alone. Fails loudly (exit 1) without npm/node, so the reference test fails instead of skipping.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
source="$repo/build/repo/ocr-reference"
target="$repo/.accelerate/ocr-reference"
command -v npm >/dev/null || { echo "install-ocr-reference: npm is not installed (Debian: apt-get install npm)" >&2; exit 1; }
command -v node >/dev/null || { echo "install-ocr-reference: node is not installed" >&2; exit 1; }
if [ -f "$target/.complete" ] && cmp -s "$source/package-lock.json" "$target/package-lock.json" && cmp -s "$source/reference.mjs" "$target/reference.mjs"; then
  exit 0
fi
echo "install-ocr-reference: npm ci into $target"
mkdir -p "$target"
rm -f "$target/.complete"
cp "$source/package.json" "$source/package-lock.json" "$source/reference.mjs" "$target/"
(cd "$target" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
  || { echo "install-ocr-reference: npm ci failed" >&2; exit 1; }
touch "$target/.complete"
