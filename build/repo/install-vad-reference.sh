#!/usr/bin/env bash
# Installs what the independent voice-activity reference needs: onnxruntime-node at the version
# @livekit/agents-plugin-silero 1.9.0 depends on (its package.json: "onnxruntime-node": "1.24.3"), from npm, into
# .accelerate/node/silero-reference/ (ignored; never committed). The reference driver (build/repo/silero-reference.mjs)
# loads the plugin's own dist/onnx_model.js from .accelerate/npm (fetch-npm-models.sh) with this onnxruntime-node.
# Idempotent. Fails loudly (exit 1) when npm or the package is missing: the reference test must fail, never skip.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
target="$repo/.accelerate/node/silero-reference"
plugin="$repo/.accelerate/npm/@livekit/agents-plugin-silero/1.9.0"
"$repo/build/repo/fetch-npm-models.sh" @livekit/agents-plugin-silero@1.9.0
# The plugin's dist/onnx_model.js imports "onnxruntime-node": Node finds it through a node_modules link beside the plugin.
link() { ln -sfn "$target/node_modules" "$plugin/node_modules"; }
if [ -f "$target/.complete" ]; then link; exit 0; fi
command -v npm >/dev/null || { echo "install-vad-reference: npm is not installed (Debian: apt-get install npm)" >&2; exit 1; }
mkdir -p "$target"
cd "$target"
[ -f package.json ] || echo '{ "name": "silero-reference", "private": true, "type": "module" }' > package.json
echo "install-vad-reference: onnxruntime-node@1.24.3"
# The CPU build is in the npm tarball; its install script would fetch the CUDA provider from NuGet (not needed: the
# plugin runs on the CPU, forceCPU defaults to true), so that step is skipped.
ONNXRUNTIME_NODE_INSTALL=skip npm install --silent --no-audit --no-fund --save-exact onnxruntime-node@1.24.3 \
  || { echo "install-vad-reference: npm install onnxruntime-node@1.24.3 failed" >&2; exit 1; }
node -e "require('onnxruntime-node')" || { echo "install-vad-reference: onnxruntime-node does not load" >&2; exit 1; }
link
touch .complete
