#!/usr/bin/env bash
# Generate the API client's types (frontend/src/api/schema.d.ts) from the backend's OpenAPI schema.
# Usage (from the repository root): frontend/scripts/generate-client.sh OUTPUT_FILE
set -euo pipefail
out=$(realpath -m "$1")
py=${PY:-.venv/bin/python}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" manage.py spectacular --file "$tmp/schema.yaml"
cd frontend
npx --no-install openapi-typescript "$tmp/schema.yaml" --output "$out" >/dev/null
