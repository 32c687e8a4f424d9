#!/usr/bin/env bash
# Serving benchmark: Rebound vs the JDK's com.sun.net.httpserver (nodelay, pool of 8), both serving the same
# 1 KiB file over keep-alive connections on loopback, measured with wrk in interleaved rounds.
# A performance harness, not a test: see bench/README.md for how to read the output.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/serve-1k.sh [--rounds N] [--duration S] [--connections C] [--threads T] [--warmup S]
                         [--only-jdk] [--keep-tmp]

  --rounds N        measured rounds per server, interleaved Rebound, JDK, Rebound, JDK, ... (default 3)
  --duration S      seconds per measured wrk run (default 10)
  --connections C   wrk connections, all keep-alive (default 50)
  --threads T       wrk threads (default 2)
  --warmup S        seconds of unmeasured wrk load per server before the rounds (default 3)
  --only-jdk        measure only the JDK baseline (debugging the harness; no jar needed)
  --keep-tmp        keep the temp directory (docroot, server logs, raw wrk output) and print its path

exit status: 0 measured cleanly; 1 a server failed or wrk saw errors (table still printed); 2 bad usage or
missing prerequisites.
EOF
}

bench=serve-1k
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

rounds=3 duration=10 connections=50 threads=2 warmup=3 only_jdk=false keep_tmp=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds)      [[ $# -ge 2 ]] || die_usage "$1 needs a value"; rounds=$2; shift 2 ;;
        --duration)    [[ $# -ge 2 ]] || die_usage "$1 needs a value"; duration=$2; shift 2 ;;
        --connections) [[ $# -ge 2 ]] || die_usage "$1 needs a value"; connections=$2; shift 2 ;;
        --threads)     [[ $# -ge 2 ]] || die_usage "$1 needs a value"; threads=$2; shift 2 ;;
        --warmup)      [[ $# -ge 2 ]] || die_usage "$1 needs a value"; warmup=$2; shift 2 ;;
        --only-jdk)    only_jdk=true; shift ;;
        --keep-tmp)    keep_tmp=true; shift ;;
        -h|--help)     usage; exit 0 ;;
        *)             die_usage "unknown option: $1" ;;
    esac
done
for pair in "rounds:$rounds" "duration:$duration" "connections:$connections" "threads:$threads" "warmup:$warmup"; do
    [[ ${pair#*:} =~ ^[1-9][0-9]*$ ]] || die_usage "--${pair%%:*} must be a positive integer, got '${pair#*:}'"
done
((connections >= threads)) || die_usage "--connections must be at least --threads (wrk needs one per thread)"

jdk_src=$repo/bench/JdkFileServer.java

# ---- prerequisites --------------------------------------------------------------------------------------------
if ! $only_jdk && [[ ! -f $jar ]]; then
    echo "serve-1k: $jar not found; build first: mvn -B package -DskipTests" >&2
    exit 2
fi
need wrk "install it: apt-get install wrk"
require_java

# ---- cleanup: always stop both servers ------------------------------------------------------------------------
rebound_pid='' jdk_pid='' wrk_pid=''
stop_all() {
    stop_pid "$wrk_pid"
    stop_pid "$rebound_pid"
    stop_pid "$jdk_pid"
}
bench_tmp bench

# ---- the file served -------------------------------------------------------------------------------------------
# 1 KiB of fixed pseudo-random bytes (make_1k in lib/common.sh).
root=$tmp/root data=$tmp/data
mkdir -p "$root" "$data"
make_1k >"$root/1k.bin"
size=$(wc -c <"$root/1k.bin")
[[ $size -eq 1024 ]] || { echo "serve-1k: generated 1k.bin has $size bytes, expected 1024" >&2; exit 1; }

# ---- starting the servers --------------------------------------------------------------------------------------
# wait_ready PID OUTFILE SED_EXPR NAME: polls OUTFILE for the ready line for up to 60 s, prints the port.
wait_ready() {
    local pid=$1 out=$2 expr=$3 name=$4 deadline=$((SECONDS + 60)) port
    while ((SECONDS < deadline)); do
        port=$(sed -n "$expr" "$out" | head -n1)
        if [[ -n $port ]]; then echo "$port"; return 0; fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "serve-1k: $name exited before it was ready; its output:" >&2
            cat "$out" "$out.err" >&2 || true
            return 1
        fi
        sleep 0.1
    done
    echo "serve-1k: $name printed no ready line within 60 s; its output:" >&2
    cat "$out" "$out.err" >&2 || true
    return 1
}

# check_file PORT NAME: one request before any load, so a wrong body or status fails loudly instead of being
# benchmarked (an error page is cheaper to serve than the file).
check_file() {
    local port=$1 name=$2
    command -v curl >/dev/null 2>&1 || return 0
    if ! curl -fsS --max-time 10 -o "$tmp/check.bin" "http://127.0.0.1:$port/1k.bin"; then
        echo "serve-1k: $name: GET /1k.bin failed" >&2; return 1
    fi
    cmp -s "$tmp/check.bin" "$root/1k.bin" || { echo "serve-1k: $name: GET /1k.bin returned other bytes" >&2; return 1; }
}

# The exact commands; no JVM flags beyond the defaults for either server (the same JVM ergonomics for both).
# Rebound runs from a copy of the jar: a rebuild during the run rewrites runtime/target/rebound.jar, and a JVM
# whose jar changes underneath it fails to load its next class (seen: SIGTERM handler dying, server not stopping).
if ! $only_jdk; then
    cp "$jar" "$tmp/rebound.jar"
    jar_built=$(date -u -r "$jar" '+%Y-%m-%dT%H:%M:%SZ')
fi
rebound_cmd=(java -jar "$tmp/rebound.jar" --port 0 --admin-port 0 --root "$root" --data "$data")
jdk_cmd=(java "$jdk_src" 0 "$root/1k.bin")

if ! $only_jdk; then
    "${rebound_cmd[@]}" >"$tmp/rebound.out" 2>"$tmp/rebound.out.err" </dev/null &
    rebound_pid=$!
    rebound_port=$(wait_ready "$rebound_pid" "$tmp/rebound.out" \
        's#^rebound ready http://[^ ]*:\([0-9][0-9]*\)/ admin .*#\1#p' rebound)
    check_file "$rebound_port" rebound
fi
"${jdk_cmd[@]}" >"$tmp/jdk.out" 2>"$tmp/jdk.out.err" </dev/null &
jdk_pid=$!
jdk_port=$(wait_ready "$jdk_pid" "$tmp/jdk.out" 's#^jdk ready http://127\.0\.0\.1:\([0-9][0-9]*\)/$#\1#p' jdk)
check_file "$jdk_port" jdk

# ---- environment -----------------------------------------------------------------------------------------------
print_date_host
echo "java:        $(java -version 2>&1 | head -n1)"
echo "jvm flags:   none beyond the defaults for both servers; ergonomics chose: $(java_ergonomics)"
echo "wrk:         $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2); wrk -t$threads -c$connections -d${duration}s --latency, ${warmup}s warm-up each, $rounds rounds interleaved"
$only_jdk || echo "rebound:     ${rebound_cmd[*]}  (copy of $jar, built $jar_built)"
echo "jdk:         ${jdk_cmd[*]}"
echo "file:        1k.bin, 1024 bytes, sha256 $(sha256sum "$root/1k.bin" | cut -c1-16)..."
echo

# ---- measuring -------------------------------------------------------------------------------------------------
# wrk_1k SECONDS PORT OUTFILE: one wrk run against /1k.bin (run_wrk in lib/common.sh, stoppable on Ctrl-C).
wrk_1k() {
    run_wrk "$3" -t"$threads" -c"$connections" -d"${1}s" --latency "http://127.0.0.1:$2/1k.bin"
}

servers=(rebound jdk)
$only_jdk && servers=(jdk)
port_of() { if [[ $1 == rebound ]]; then echo "$rebound_port"; else echo "$jdk_port"; fi; }
pid_of()  { if [[ $1 == rebound ]]; then echo "$rebound_pid"; else echo "$jdk_pid"; fi; }

alive_or_fail() {
    if ! kill -0 "$(pid_of "$1")" 2>/dev/null; then
        echo "serve-1k: the $1 server died; its stderr:" >&2
        tail -n 30 "$tmp/$1.out.err" >&2 || true
        exit 1
    fi
}

for s in "${servers[@]}"; do
    echo "warming up $s (${warmup}s)..."
    wrk_1k "$warmup" "$(port_of "$s")" "$tmp/wrk-$s-warmup.txt"
    alive_or_fail "$s"
done

failed=false
declare -A rps p50 p99 maxl total errs
for ((r = 1; r <= rounds; r++)); do
    for s in "${servers[@]}"; do
        echo "round $r/$rounds: $s (${duration}s)..."
        out=$tmp/wrk-$s-$r.txt
        wrk_1k "$duration" "$(port_of "$s")" "$out"
        alive_or_fail "$s"
        read -r v_rps v_p50 v_p99 v_max v_total _ v_errs < <(parse_wrk "$out")
        if [[ $v_rps == unparsed ]]; then
            echo "serve-1k: could not parse wrk output:" >&2; cat "$out" >&2; exit 1
        fi
        rps[$s,$r]=$v_rps p50[$s,$r]=$v_p50 p99[$s,$r]=$v_p99 maxl[$s,$r]=$v_max total[$s,$r]=$v_total
        errs[$s,$r]=$v_errs
        if [[ $v_errs != none ]]; then
            failed=true
            echo "  $s round $r: wrk reported errors:"
            grep -E 'Socket errors|Non-2xx' "$out" | sed 's/^ */    /'
        fi
    done
done

# ---- report ----------------------------------------------------------------------------------------------------
values() { local s=$1 r; local -n table=$2; for ((r = 1; r <= rounds; r++)); do echo "${table[$s,$r]}"; done; }

echo
printf '%-8s %-7s %10s %9s %9s %9s  %s\n' server round 'req/s' 'p50 ms' 'p99 ms' 'max ms' 'errors (of requests)'
for ((r = 1; r <= rounds; r++)); do
    for s in "${servers[@]}"; do
        err=${errs[$s,$r]}
        [[ $err == none ]] || err="$err (of ${total[$s,$r]})"
        printf '%-8s %-7s %10s %9.2f %9.2f %9.1f  %s\n' "$s" "$r" "${rps[$s,$r]}" "${p50[$s,$r]}" "${p99[$s,$r]}" \
            "${maxl[$s,$r]}" "$err"
    done
done
declare -A med_rps med_p50 med_p99
for s in "${servers[@]}"; do
    med_rps[$s]=$(values "$s" rps | median)
    med_p50[$s]=$(values "$s" p50 | median)
    med_p99[$s]=$(values "$s" p99 | median)
    printf '%-8s %-7s %10.0f %9.2f %9.2f %9.1f\n' "$s" median "${med_rps[$s]}" "${med_p50[$s]}" "${med_p99[$s]}" \
        "$(values "$s" maxl | median)"
done
if ! $only_jdk; then
    echo
    awk -v a="${med_rps[rebound]}" -v b="${med_rps[jdk]}" \
        'BEGIN { printf "Rebound/JDK median req/s: %.2f  (higher is better for Rebound)\n", a / b }'
    awk -v a="${med_p99[rebound]}" -v b="${med_p99[jdk]}" \
        'BEGIN { printf "Rebound/JDK median p99:   %.2f  (lower is better for Rebound)\n", a / b }'
fi

rss() { awk '/^VmRSS:/ { printf "%.0f MB", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
echo
$only_jdk || echo "rebound: RSS $(rss "$rebound_pid") after the run; $(wc -l <"$tmp/rebound.out.err") stderr lines"
echo "jdk:     RSS $(rss "$jdk_pid") after the run; $(wc -l <"$tmp/jdk.out.err") stderr lines"
if ! $only_jdk && [[ -s $tmp/rebound.out.err ]]; then
    echo "rebound stderr, last 10 lines:"
    tail -n 10 "$tmp/rebound.out.err" | sed 's/^/    /'
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

if $failed; then
    echo "serve-1k: wrk saw errors in some rounds (marked above); those figures are not comparable" >&2
    exit 1
fi
