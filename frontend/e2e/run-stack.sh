#!/usr/bin/env bash
# The browser tests' stack: the real app (gunicorn + a Celery worker, the local model, no API key)
# on a free loopback port, on its own database (sfl_e2e), Redis databases and queue, so it never
# mixes with `make run` or pytest. Starts it, waits for /api/health, runs Playwright, always stops it.
#
# Usage (from the repository root, after `make services frontend-build`):
#   bash frontend/e2e/run-stack.sh [playwright args...]
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
py="$repo/.venv/bin/python"
artifacts="$repo/frontend/e2e-artifacts"
logs="$artifacts/logs"
# Screenshots of an earlier run must not pass for this one's.
rm -rf "$artifacts/screens" "$artifacts/test-results"
mkdir -p "$logs"

pg_port=${DEV_POSTGRES_PORT:-55432}
redis_port=${DEV_REDIS_PORT:-56379}
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base_url="http://127.0.0.1:$port"

export DJANGO_ENV=development DEBUG=False LOG_LEVEL=WARNING
export DATABASE_URL=${E2E_DATABASE_URL:-postgres://sfl:sfl@127.0.0.1:$pg_port/sfl_e2e}
# Redis databases 0-2 belong to `make run`, 8-10 to pytest.
export CACHE_URL="redis://127.0.0.1:$redis_port/12"
export CELERY_BROKER_URL="redis://127.0.0.1:$redis_port/13"
export CELERY_RESULT_BACKEND="redis://127.0.0.1:$redis_port/14"
export CELERY_TASK_DEFAULT_QUEUE=sfl-e2e
export MEDIA_ROOT="$repo/.data/e2e-media"
# The offline local model, whatever keys the shell or .env hold (set, even empty, wins over .env).
export LLM_PROVIDER=local GEMINI_API_KEY= OPENAI_API_KEY= ANTHROPIC_API_KEY=
# The demo account the seed creates and a journey signs in with (exported, so .env cannot differ).
export DEMO_USER_EMAIL=${DEMO_USER_EMAIL:-demo@example.com} DEMO_USER_PASSWORD=${DEMO_USER_PASSWORD:-sfl-demo-pass-2024}
# Every journey signs up a new account from 127.0.0.1: the per-IP sign-in limit (5/min) would
# turn the suite into a rate-limit test. The limits themselves are tested by pytest.
export THROTTLE_AUTH_IP=10000/min THROTTLE_AUTH_EMAIL=10000/min THROTTLE_USER=100000/min

echo "e2e: database sfl_e2e (migrate, demo account), static files"
"$py" - <<'PY'
import os

import psycopg

# Connect to the server's maintenance database to create the e2e one on first use.
url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
with psycopg.connect(url, autocommit=True) as conn:
    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
PY
"$py" manage.py migrate --noinput -v 0
"$py" manage.py seed_demo >/dev/null
"$py" manage.py collectstatic --noinput -v 0

pids=()
stop() {
  local status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

# --keep-alive 75: longer than any idle gap in a test, so the server never closes a kept-alive
# socket just as Playwright's request context reuses it (an ECONNRESET otherwise, now and then).
"$py" -m gunicorn config.wsgi:application --bind "127.0.0.1:$port" --workers 2 \
  --worker-class gthread --threads 4 --timeout 180 --graceful-timeout 5 --keep-alive 75 \
  --access-logfile "$logs/access.log" >"$logs/web.log" 2>&1 &
pids+=($!)
"$py" -m celery -A config worker -Q sfl-e2e,sfl-e2e-ingest,sfl-e2e-runs --concurrency 1 --pool prefork --without-gossip \
  --without-mingle -n "e2e-$$@%h" --loglevel WARNING >"$logs/worker.log" 2>&1 &
pids+=($!)

echo "e2e: waiting for $base_url/api/health"
for i in $(seq 1 120); do
  # The worker must be up too: documents and workflow runs go through the queue.
  if health=$(curl -fsS "$base_url/api/health" 2>/dev/null) \
    && "$py" -c 'import json, sys; sys.exit(json.loads(sys.argv[1])["checks"]["worker"]["status"] != "ok")' "$health"; then
    break
  fi
  if [[ $i == 120 ]]; then
    echo "e2e: the stack did not become healthy in 60 s; last answer: ${health:-none}" >&2
    tail -n 30 "$logs/web.log" "$logs/worker.log" >&2 || true
    exit 1
  fi
  sleep 0.5
done

echo "e2e: running Playwright against $base_url"
cd frontend
E2E_BASE_URL="$base_url" npx --no-install playwright test "$@"
