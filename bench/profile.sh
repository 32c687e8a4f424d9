#!/usr/bin/env bash
# Profiles Rebound under keep-alive load with JDK Flight Recorder and prints where the CPU and the allocations went
# (bench/JfrTop.java). The recording covers only the measured load: it is started with jcmd after the warm-up and
# stopped when wrk ends. A performance harness, not a test: see bench/README.md ("profile.sh").
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/profile.sh [--duration S] [--connections C] [--warmup S] [--path /FILE] [--close] [--top N]
                        [--out FILE.jfr] [--keep-tmp]

  --duration S      seconds of recorded wrk load (default 30)
  --connections C   wrk connections (default 50; 2 wrk threads)
  --warmup S        seconds of unrecorded load first, for the JIT (default 10)
  --path /FILE      what wrk requests: /1k.bin (default) or /10m.bin
  --close           send 'Connection: close' (a fresh connection per request) instead of keep-alive
  --top N           rows per table (default 20)
  --out FILE.jfr    keep the recording there (open it in JDK Mission Control, or `jfr print` / `jfr summary`)
  --keep-tmp        keep the temp directory (server output, wrk output) and print its path

exit status: 0 profiled; 1 the server or wrk failed; 2 bad usage or missing prerequisites.
EOF
}

bench=profile
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

duration=30 connections=50 warmup=10 path=/1k.bin close=false top=20 out='' keep_tmp=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration)    [[ $# -ge 2 ]] || die_usage "$1 needs a value"; duration=$2; shift 2 ;;
        --connections) [[ $# -ge 2 ]] || die_usage "$1 needs a value"; connections=$2; shift 2 ;;
        --warmup)      [[ $# -ge 2 ]] || die_usage "$1 needs a value"; warmup=$2; shift 2 ;;
        --path)        [[ $# -ge 2 ]] || die_usage "$1 needs a value"; path=$2; shift 2 ;;
        --close)       close=true; shift ;;
        --top)         [[ $# -ge 2 ]] || die_usage "$1 needs a value"; top=$2; shift 2 ;;
        --out)         [[ $# -ge 2 ]] || die_usage "$1 needs a value"; out=$2; shift 2 ;;
        --keep-tmp)    keep_tmp=true; shift ;;
        -h|--help)     usage; exit 0 ;;
        *)             die_usage "unknown option: $1" ;;
    esac
done
for pair in "duration:$duration" "connections:$connections" "warmup:$warmup" "top:$top"; do
    [[ ${pair#*:} =~ ^[1-9][0-9]*$ ]] || die_usage "--${pair%%:*} must be a positive integer, got '${pair#*:}'"
done
[[ $path == /1k.bin || $path == /10m.bin ]] || die_usage "--path must be /1k.bin or /10m.bin"
((connections >= 2)) || die_usage "--connections must be at least 2"

for tool in java jcmd wrk; do
    command -v "$tool" >/dev/null 2>&1 || { echo "profile: $tool not found (a JDK 17+ and wrk are needed)" >&2; exit 2; }
done
require_jar

server_pid='' wrk_pid=''
stop_all() {
    stop_pid "$wrk_pid"
    stop_pid "$server_pid"
}
bench_tmp profile

# The same files as bench/compare.sh: 1k.bin as in serve-1k.sh, 10m.bin = 1k.bin repeated.
root=$tmp/root data=$tmp/data
mkdir -p "$root" "$data"
make_1k >"$root/1k.bin"
make_10m "$root/1k.bin" "$root/10m.bin"

cp "$jar" "$tmp/rebound.jar"   # a rebuild during the run must not change the jar under the running JVM
java -jar "$tmp/rebound.jar" --port 0 --admin-port 0 --root "$root" --data "$data" \
    >"$tmp/rebound.out" 2>"$tmp/rebound.out.err" </dev/null &
server_pid=$!
port=''
for ((i = 0; i < 600; i++)); do
    port=$(sed -n 's#^rebound ready http://[^ ]*:\([0-9][0-9]*\)/ admin .*#\1#p' "$tmp/rebound.out" | head -n1)
    [[ -n $port ]] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "profile: rebound exited:" >&2; cat "$tmp/rebound.out.err" >&2; exit 1; }
    sleep 0.1
done
[[ -n $port ]] || { echo "profile: rebound printed no ready line within 60 s" >&2; exit 1; }

wrk_args=(-t2 -c"$connections" --latency)
$close && wrk_args+=(-H 'Connection: close')
url=http://127.0.0.1:$port$path
run_wrk() {   # SECONDS OUTFILE
    local rc=0
    wrk "${wrk_args[@]}" -d"$1s" "$url" >"$2" 2>&1 &
    wrk_pid=$!
    wait "$wrk_pid" || rc=$?
    wrk_pid=''
    ((rc == 0)) || { echo "profile: wrk failed:" >&2; cat "$2" >&2; return 1; }
}

echo "date:      $(date -u '+%Y-%m-%dT%H:%M:%SZ'); nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java:      $(java -version 2>&1 | head -n1); no JVM flags (JFR started through jcmd)"
echo "rebound:   copy of runtime/target/rebound.jar, built $(date -u -r "$jar" '+%Y-%m-%dT%H:%M:%SZ')"
echo "load:      wrk ${wrk_args[*]} $url; ${warmup}s warm-up unrecorded, ${duration}s recorded (JFR settings=profile)"
run_wrk "$warmup" "$tmp/wrk-warmup.txt"
jcmd "$server_pid" JFR.start name=bench settings=profile >"$tmp/jcmd-start.txt" 2>&1 \
    || { echo "profile: jcmd JFR.start failed:" >&2; cat "$tmp/jcmd-start.txt" >&2; exit 1; }
run_wrk "$duration" "$tmp/wrk.txt"
jfr=$tmp/rebound.jfr
jcmd "$server_pid" JFR.stop name=bench filename="$jfr" >"$tmp/jcmd-stop.txt" 2>&1 \
    || { echo "profile: jcmd JFR.stop failed:" >&2; cat "$tmp/jcmd-stop.txt" >&2; exit 1; }
for ((i = 0; i < 100; i++)); do [[ -s $jfr ]] && break; sleep 0.1; done
echo "wrk:       $(grep -E 'Requests/sec' "$tmp/wrk.txt" | tr -s ' '); $(grep -E '^ +99%' "$tmp/wrk.txt" | tr -s ' ' | sed 's/^ //') (JFR overhead included)"
grep -E 'Socket errors|Non-2xx' "$tmp/wrk.txt" || true
echo "server:    RSS $(awk '/^VmRSS:/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server_pid/status"); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
java "$repo/bench/JfrTop.java" "$jfr" "$top"
if [[ -n $out ]]; then
    cp "$jfr" "$out"
    echo
    echo "recording kept: $out"
fi
