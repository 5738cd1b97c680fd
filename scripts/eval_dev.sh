#!/usr/bin/env bash
# Score extraction on the development gold set, the check part (every fourth article by sorted id,
# never tuned on) apart from the tuned part. usage: scripts/eval_dev.sh [OUT.jsonl] [--json]
set -euo pipefail
cd "$(dirname "$0")/.."
gold=$(cd ../shared/eval/dev/gold && pwd)
out=${1:-/tmp/seccoop-dev.jsonl}
parts=$(mktemp -d); mkdir -p "$parts/check" "$parts/tuned"
i=0
for g in $(ls "$gold"/*.json | sort); do
  if [ $((i % 4)) -eq 3 ]; then ln -s "$g" "$parts/check/"; else ln -s "$g" "$parts/tuned/"; fi
  i=$((i + 1))
done
.venv/bin/seccoop extract ../shared/eval/dev/articles.jsonl --format jsonl > "$out" 2>/dev/null
for part in check tuned; do
  echo "-- $part part ($(ls "$parts/$part" | wc -l) articles):"
  python3 ../shared/eval/score.py "$parts/$part" "$out" "${@:2}" | grep -E "^(relations|entities|amount|date)"
done
echo "-- whole set:"; python3 ../shared/eval/score.py "$gold" "$out" "${@:2}" | head -12
rm -rf "$parts"
