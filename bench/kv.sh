#!/usr/bin/env bash
# kv benchmark: durable PUT throughput (1 and 16 clients), GET throughput, and how long kv takes to serve again
# holding 100k keys after an admin restart, an injected crash, and SIGKILL + start of the whole process. The measuring
# is done by bench/KvBench.java; this script checks prerequisites, prints the machine, and cleans up on exit.
# A performance harness, not a test: see bench/README.md ("kv.sh").
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: bench/kv.sh [--keys N] [--seconds S] [--value-bytes B] [--reboots N] [--keep-tmp]

  --keys N         keys loaded before the measurements (default 100000)
  --seconds S      length of each throughput measurement (default 10)
  --value-bytes B  size of every value PUT (default 100)
  --reboots N      restarts and crashes measured (medians printed; default 5)
  --keep-tmp       keep the temp directory (server stderr, the store file) and print its path
USAGE
}

cd "$(dirname "$0")/.."
pass=() keep_tmp=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --keys|--seconds|--value-bytes|--reboots)
            [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || { echo "kv: $1 needs a positive integer" >&2; usage >&2; exit 2; }
            pass+=("$1" "$2"); shift 2 ;;
        --keep-tmp) keep_tmp=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "kv: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done

jar=runtime/target/rebound.jar
[[ -f $jar ]] || { echo "kv: $jar is missing: run mvn -B package -DskipTests first" >&2; exit 2; }
command -v java >/dev/null || { echo "kv: java is not on PATH" >&2; exit 2; }

tmp=$(mktemp -d -t rebound-kv-bench.XXXXXX)
cleanup() {
    if $keep_tmp; then echo "kept: $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

echo "date:   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "host:   nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'), $(df -T "$tmp" | awk 'NR==2 {print $2}') under $tmp"
echo "java:   $(java -version 2>&1 | head -1)"
echo "store:  fsync on every group commit (the default policy)"
java bench/KvBench.java --jar "$jar" --tmp "$tmp" "${pass[@]}"
