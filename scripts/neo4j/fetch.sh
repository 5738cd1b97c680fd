#!/usr/bin/env bash
# Downloads the Neo4j Community jars listed in pom.xml into a cache outside git, once.
# Re-runs are instant: a marker file records which pom the cached jars came from.
# Cache: ${SECCOOP_CACHE:-$HOME/.cache/seccoop}/neo4j-lib (override the lib dir with SECCOOP_NEO4J_LIB).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lib="${SECCOOP_NEO4J_LIB:-${SECCOOP_CACHE:-$HOME/.cache/seccoop}/neo4j-lib}"
marker="$lib/.pom.sha256"
want="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
  exit 0
fi
command -v mvn >/dev/null || { echo "fetch.sh: Maven (mvn) is not installed" >&2; exit 1; }

# Download into a sibling directory and swap it in, so an interrupted fetch never leaves a
# half-filled lib directory that looks complete.
tmp="$lib.partial.$$"
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp" && mkdir -p "$tmp"
mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp"
echo "$want" > "$tmp/.pom.sha256"
rm -rf "$lib" && mv "$tmp" "$lib"
echo "fetch.sh: Neo4j jars in $lib ($(ls "$lib" | wc -l) files)"
