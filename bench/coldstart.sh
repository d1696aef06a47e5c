#!/usr/bin/env bash
# Measures the binary's size and the time from starting a fresh Kinship (new
# data directory, so the key is generated and every migration runs) to its
# first answered request, a few times. Loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
bin=$(mktemp -d)/kinship
go build -trimpath -ldflags "-s -w" -o "$bin" ./cmd/kinship
echo "binary size: $(stat -c %s "$bin") bytes ($(( $(stat -c %s "$bin") / 1024 / 1024 )) MiB, -trimpath -s -w)"
port=$(( 20000 + RANDOM % 20000 ))
for i in $(seq "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  KINSHIP_DATA_DIR="$dir" "$bin" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 2000); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then break; fi
    sleep 0.002
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "run $i: cold start to first 200 from /healthz: $(( (end - start) / 1000000 )) ms"
  rm -rf "$dir"
done
