#!/usr/bin/env bash
# Chaos benchmark: a steady load of static-file GETs while a random fault (crash, hang, exception, leak) hits a random
# Rebound component every 2 s — handled by microreboots — against the same load and fault schedule handled by killing
# and restarting the whole process. The measuring is done by bench/ChaosBench.java (with bench/lib/); this script checks
# prerequisites, builds the jar if it is missing, prints the machine, compiles and runs the bench bounded in time, and
# stops everything on exit.
# A performance harness, not a test: see bench/README.md ("chaos.sh") for what is measured and how to read it.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/chaos.sh [--duration S] [--rate N] [--fault-every-ms MS] [--quiet S] [--warmup S] [--settle S]
                      [--seed N] [--components LIST] [--kinds LIST] [--keepalive-share F] [--max-idle N]
                      [--client-addresses N] [--timeout-ms MS] [--hang-deadline-ms MS] [--only rebound|baseline]
                      [--max-details N] [--jvm-flags "FLAGS"] [--wait-quiet M] [--keep-tmp]

  --duration S          seconds of faults (default 60); one fault every --fault-every-ms (default 2000)
  --rate N              requests per second, open loop, on schedule (default 200)
  --quiet S             seconds of the same load without faults, measured first (default 15)
  --warmup S            seconds of load before measuring, for the JIT (default 5)
  --settle S            seconds of load after the last fault, still counted as chaos (default 5)
  --seed N              seed of the fault schedule and of the request mix (default: from the clock; printed)
  --components LIST     comma-separated components to fault (default parser,router,files,accesslog,connector)
  --kinds LIST          comma-separated fault kinds (default crash,hang,exception,leak)
  --keepalive-share F   share of requests sent on pooled keep-alive connections, the rest on fresh ones (0.7)
  --max-idle N          most idle keep-alive connections the client keeps (default 16)
  --client-addresses N  new connections come from 127.0.0.1..127.0.0.N in turn (default 16; 1 = one client address,
                        which the server's per-address limit of 256 connections turns stalls into 503s for)
  --timeout-ms MS       client connect/read timeout per request (default 10000)
  --hang-deadline-ms MS the server's hang.deadline.millis for the run (default 1000)
  --only WHICH          run only Rebound or only the baseline (default both)
  --max-details N       episodes of failed Rebound requests shown with the server's log lines (default 40)
  --jvm-flags "FLAGS"   extra JVM flags for every server start, Rebound's and the baseline's (diagnostics: GC
                        logs, JFR; the targets are only meaningful with none); @TMP@ stands for the temp directory
  --wait-quiet M        before starting, wait up to M minutes for the 1-minute load average to fall below the
                        number of cores (default 0: start at once); the load is printed for every phase anyway
  --keep-tmp            keep the temp directory (server stdout/stderr, data dirs, access logs) and print its path

exit status: 0 every target PASSed; 1 a target FAILed or the run broke off; 2 bad usage or missing prerequisites.
EOF
}

bench=chaos
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

pass=() keep_tmp=false jvm_flags='' wait_quiet=0
duration=60 quiet=15 warmup=5 settle=5 timeout_ms=10000 only=both
while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration|--rate|--fault-every-ms|--quiet|--max-idle|--timeout-ms|--hang-deadline-ms|--client-addresses)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^[1-9][0-9]*$ ]] || die_usage "$1 must be a positive integer, got '$2'"
            case "$1" in
                --duration) duration=$2 ;;
                --quiet) quiet=$2 ;;
                --timeout-ms) timeout_ms=$2 ;;
            esac
            pass+=("$1" "$2"); shift 2 ;;
        --warmup|--settle|--seed|--max-details)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^[0-9]+$ ]] || die_usage "$1 must be a non-negative integer, got '$2'"
            case "$1" in
                --warmup) warmup=$2 ;;
                --settle) settle=$2 ;;
            esac
            pass+=("$1" "$2"); shift 2 ;;
        --components|--kinds)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$ ]] || die_usage "$1 must be a comma-separated list, got '$2'"
            pass+=("$1" "$2"); shift 2 ;;
        --keepalive-share)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^(0(\.[0-9]+)?|1(\.0+)?)$ ]] || die_usage "$1 must be a number from 0 to 1, got '$2'"
            pass+=("$1" "$2"); shift 2 ;;
        --only)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 == rebound || $2 == baseline ]] || die_usage "$1 must be rebound or baseline, got '$2'"
            only=$2
            pass+=("$1" "$2"); shift 2 ;;
        --jvm-flags)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            jvm_flags=$2; shift 2 ;;
        --wait-quiet)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^[0-9]+$ ]] || die_usage "$1 must be a whole number of minutes, got '$2'"
            wait_quiet=$2; shift 2 ;;
        --keep-tmp) keep_tmp=true; shift ;;
        -h|--help)  usage; exit 0 ;;
        *)          die_usage "unknown option: $1" ;;
    esac
done

# ---- prerequisites --------------------------------------------------------------------------------------------
require_java17
if [[ ! -f $jar ]]; then
    if ! command -v mvn >/dev/null 2>&1; then
        echo "chaos: $jar not found and mvn is not on PATH to build it" >&2
        exit 2
    fi
    echo "chaos: $jar not found; building it: mvn -B -q package -DskipTests (bounded to 15 minutes)"
    if ! (cd "$repo" && timeout 900 mvn -B -q package -DskipTests); then
        echo "chaos: the build failed" >&2
        exit 2
    fi
    [[ -f $jar ]] || { echo "chaos: the build did not produce $jar" >&2; exit 2; }
fi

# ---- cleanup: always stop the bench and every server it started ----------------------------------------------
bench_pid=''
stop_all() { stop_bench_and_servers; }   # ChaosBench lists the servers it starts in $tmp/pids
bench_tmp chaos

# Rebound runs from a copy of the jar: a rebuild during the run rewrites runtime/target/rebound.jar, and a JVM whose
# jar changes underneath it fails to load its next class.
cp "$jar" "$tmp/rebound.jar"

wait_for_quiet "$wait_quiet"

# ---- environment -----------------------------------------------------------------------------------------------
print_date_host
print_java_jar_commit
if [[ -n $jvm_flags ]]; then
    jvm_flags=${jvm_flags//@TMP@/$tmp}
    pass+=(--jvm-flags "$jvm_flags")
    echo "jvm flags:   $jvm_flags for every server start (diagnostics); none for the bench client"
else
    echo "jvm flags:   none beyond the defaults, for every server start and for the bench client"
fi

# ---- measuring, bounded in time ----------------------------------------------------------------------------------
# Per run: server start (up to 60 s), the phases, the client's last requests (timeout + 5 s), SIGTERM (up to 15 s).
runs=2
[[ $only == both ]] || runs=1
limit=$(( runs * (60 + warmup + quiet + duration + settle + timeout_ms / 1000 + 5 + 15 + 30) + 30 ))
echo "time limit:  $limit s for the whole measurement"
echo
compile_bench ChaosBench
rc=0
# timeout(1) sends SIGTERM past the limit (the bench's shutdown hook kills its servers) and SIGKILL 20 s later.
timeout --kill-after=20 "$limit" java -cp "$tmp/classes" ChaosBench --jar "$tmp/rebound.jar" --tmp "$tmp" \
    --pids "$tmp/pids" "${pass[@]}" &
bench_pid=$!
wait "$bench_pid" || rc=$?
if [[ $rc -eq 124 ]]; then
    echo "chaos: time limit of $limit s reached; the run was stopped" >&2
    rc=1
fi
bench_pid=''
if $keep_tmp; then
    echo "server logs: $tmp/rebound.err (Rebound), $tmp/baseline.err (baseline, every process)"
fi
exit "$rc"
