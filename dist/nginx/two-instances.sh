#!/usr/bin/env bash
# Starts two Rebound instances on one machine for dist/nginx/rebound.conf: public ports 8080 and 8090, admin ports
# 8081 and 8091 (loopback), one shared document root, a data directory each (a data directory is locked by its
# server). Stops both on Ctrl-C. Usage: two-instances.sh [path/to/rebound.jar] [document-root]
set -euo pipefail
jar=${1:-rebound.jar}
root=${2:-./www}
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait; }
trap stop EXIT INT TERM
java -jar "$jar" --port 8080 --admin-port 8081 --root "$root" --data ./rebound-a & pids+=($!)
java -jar "$jar" --port 8090 --admin-port 8091 --root "$root" --data ./rebound-b & pids+=($!)
wait -n
