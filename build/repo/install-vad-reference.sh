#!/usr/bin/env bash
# Installs what the independent voice-activity reference needs, from npm, into .accelerate/node/silero-reference/
# (ignored; never committed): the dependency of @livekit/agents-plugin-silero 1.9.0 (its package.json:
# "onnxruntime-node": "1.24.3") and its peer dependencies ("@livekit/agents": "1.9.0", "@livekit/rtc-node": "^0.13.34",
# pinned to 0.13.34). The reference driver (build/repo/silero-reference.mjs) loads the plugin's own dist/onnx_model.js
# (per-frame probabilities) and dist/vad.js (its VAD stream and speech events) from .accelerate/npm (fetch-npm-models.sh).
# Idempotent. Fails loudly (exit 1) when npm or the package is missing: the reference test must fail, never skip.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
target="$repo/.accelerate/node/silero-reference"
plugin="$repo/.accelerate/npm/@livekit/agents-plugin-silero/1.9.0"
"$repo/build/repo/fetch-npm-models.sh" @livekit/agents-plugin-silero@1.9.0
# The plugin's dist/*.js import these packages: Node finds them through a node_modules link beside the plugin.
link() { ln -sfn "$target/node_modules" "$plugin/node_modules"; }
packages=(onnxruntime-node@1.24.3 @livekit/agents@1.9.0 @livekit/rtc-node@0.13.34)
if [ "$(cat "$target/.complete" 2>/dev/null)" = "${packages[*]}" ]; then link; exit 0; fi
command -v npm >/dev/null || { echo "install-vad-reference: npm is not installed (Debian: apt-get install npm)" >&2; exit 1; }
mkdir -p "$target"
cd "$target"
[ -f package.json ] || echo '{ "name": "silero-reference", "private": true, "type": "module" }' > package.json
echo "install-vad-reference: ${packages[*]}"
# The CPU build is in the npm tarball; its install script would fetch the CUDA provider from NuGet (not needed: the
# plugin runs on the CPU, forceCPU defaults to true), so that step is skipped.
ONNXRUNTIME_NODE_INSTALL=skip npm install --silent --no-audit --no-fund --save-exact "${packages[@]}" \
  || { echo "install-vad-reference: npm install ${packages[*]} failed" >&2; exit 1; }
node -e "require('onnxruntime-node'); require('@livekit/rtc-node')" || { echo "install-vad-reference: onnxruntime-node or @livekit/rtc-node does not load" >&2; exit 1; }
link
echo "${packages[*]}" > .complete
