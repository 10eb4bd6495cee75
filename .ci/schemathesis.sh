#!/usr/bin/env bash
# API contract check: schemathesis (PyPI) against the real `vigie serve` binary on a temporary
# SQLite database with a valid token. Exits non-zero on any failure. Called by .ci/run.
# Env: VIGIE_BIN (default: target/debug/vigie, built if missing), ST_MAX_EXAMPLES (default 30),
# ST_VENV (a virtualenv that already has schemathesis).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

bin=${VIGIE_BIN:-}
if [ -z "$bin" ]; then
  cargo build -q --locked -p vigie-cli
  bin="${CARGO_TARGET_DIR:-target}/debug/vigie"
fi

venv=${ST_VENV:-$work/venv}
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.*"
fi

db="sqlite:$work/vigie.db"
printf 'mot de passe de la CI schemathesis\n' | "$bin" admin user add ci --role admin --minors --password-stdin --db "$db"
token=$("$bin" admin token add --user ci --expires 1d --db "$db")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --insecure-cookies \
  --journal-key "$work/journal.key" 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
  sleep 0.2
done

# Seed a few documents so that reads and searches find something.
curl -fsS -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/x-ndjson' \
  --data-binary @examples/network-ads.jsonl "http://127.0.0.1:$port/api/v1/documents" >/dev/null

# Run from the scratch folder: schemathesis writes a .schemathesis/ folder where it runs.
(cd "$work" && "$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks all --exclude-checks positive_data_acceptance \
  --max-examples "${ST_MAX_EXAMPLES:-30}" \
  --workers 1 \
  --suppress-health-check all \
  --generation-database none \
  --report junit --report-dir "$work/report") \
  | tee "$work/st.txt"
status=${PIPESTATUS[0]}
echo "server log lines: $(wc -l < "$work/server.log")"
exit "$status"
