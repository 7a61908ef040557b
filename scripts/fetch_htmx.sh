#!/usr/bin/env bash
# Fetch the pinned htmx release from the npm registry and check it against the integrity
# hash npm publishes for it, so the file we serve is exactly the released one.
set -euo pipefail
version="$1"; integrity="$2"; target="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "htmx.org@${version}" >/dev/null)
tarball=$(ls "$work"/htmx.org-*.tgz)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "htmx ${version}: empreinte inattendue ($actual), fichier refusé." >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/dist/htmx.min.js
mkdir -p "$(dirname "$target")"
cp "$work/package/dist/htmx.min.js" "$target"
echo "htmx ${version} vérifié (empreinte sha512 publiée) -> $target"
