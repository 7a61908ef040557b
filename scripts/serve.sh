#!/usr/bin/env bash
# Production serving on one machine: the projector (restarted if it stops) and waitress
# (in one or several processes, web/serving.py).
# waitress reads each request whole before a worker thread sees it, so a slow mobile
# upload ties up a buffer, not a thread; no front proxy is needed for that.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export TRACKER_PROJECTOR=external
HOST="${TRACKER_HOST:-127.0.0.1}"
PORT="${TRACKER_PORT:-8000}"
THREADS="${TRACKER_THREADS:-8}"

# The reference data shipped with this release goes on record (nothing if unchanged).
"$BIN/flask" --app wsgi reference publish

# Its own process group (setsid), so stopping the service stops the loop and the projector.
setsid bash -c '
  while true; do
    "$0/flask" --app wsgi projections run || true
    echo "Projecteur arrêté ; redémarrage dans 2 s." >&2
    sleep 2
  done' "$BIN" &
projector=$!
trap 'kill -TERM -- -$projector 2>/dev/null || true' EXIT INT TERM

# The largest request the application takes: five files at the upload limit and their
# text (web/limits.py); waitress refuses bigger bodies before buffering them.
MAX_BODY=$(( (5 * ${TRACKER_MAX_UPLOAD_MB:-10} + 1) * 1048576 ))
# Waitress in one or several processes on the port (web/serving.py; how many:
# TRACKER_WEB_PROCESSES, 1 by default; more need TRACKER_RATELIMIT_STORAGE_URI).
"$BIN/python" -m web.serving --listen="$HOST:$PORT" --threads="$THREADS" \
  --max-request-body-size="$MAX_BODY" \
  --url-scheme="${TRACKER_URL_SCHEME:-http}"
