#!/usr/bin/env bash
# Recovery benchmark: crash faults injected into each Rebound component (microreboots) under a steady client, against
# whole-process restarts (kill -9, start the jar again) under the same client. The measuring is done by
# bench/RecoveryBench.java (with bench/lib/); this script checks prerequisites, prints the machine, compiles and runs
# the bench, and stops everything on exit.
# A performance harness, not a test: see bench/README.md ("recovery.sh") for what is measured and how to read it.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/recovery.sh [--crashes N] [--restarts N] [--components LIST] [--interval-ms MS] [--slow-ms MS]
                         [--deadline S] [--pause-ms MS] [--policy raised|default] [--spacing S]
                         [--max-timeouts N] [--keep-tmp]

  --crashes N        crash faults injected per component (default 50)
  --restarts N       whole-process restarts for the baseline (default 5)
  --components LIST  comma-separated, injected round-robin (default parser,router,files,accesslog,connector)
  --interval-ms MS   the client sends GET /1k.bin every MS ms on one keep-alive connection (default 5)
  --slow-ms MS       a 200 slower than this counts as disrupted (default 3; microreboots take under 10 ms, so a
                     larger threshold would count the request they held as undisturbed)
  --deadline S       time a crash gets to be recovered, and the server to serve again (default 10)
  --pause-ms MS      pause after each recovery before the next injection (default 300)
  --policy P         raised (default): the server gets a restart budget that never backs off or escalates, so every
                     crash is one plain microreboot; default: the server's own policy (5 restarts / 60 s, backoff),
                     crashes of one component spaced 13 s apart to stay under the escalation limit
  --spacing S        least seconds between two crashes of the same component (overrides the policy's choice)
  --max-timeouts N   stop injecting into a component after N crashes in a row missed the deadline (default 3)
  --keep-tmp         keep the temp directory (server stdout/stderr, data dirs, access logs) and print its path

exit status: 0 every target PASSed and the run completed; 1 a target FAILed or the run broke off (results so far are
still printed); 2 bad usage or missing prerequisites.
EOF
}

bench=recovery
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

pass=() keep_tmp=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --crashes|--restarts|--interval-ms|--slow-ms|--deadline|--max-timeouts)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^[1-9][0-9]*$ ]] || die_usage "$1 must be a positive integer, got '$2'"
            pass+=("$1" "$2"); shift 2 ;;
        --pause-ms)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^[0-9]+$ ]] || die_usage "$1 must be a non-negative integer, got '$2'"
            pass+=("$1" "$2"); shift 2 ;;
        --spacing)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^[0-9]+(\.[0-9]+)?$ ]] || die_usage "$1 must be a number of seconds, got '$2'"
            pass+=("$1" "$2"); shift 2 ;;
        --components)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$ ]] || die_usage "$1 must be a comma-separated list, got '$2'"
            pass+=("$1" "$2"); shift 2 ;;
        --policy)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 == raised || $2 == default ]] || die_usage "$1 must be raised or default, got '$2'"
            pass+=("$1" "$2"); shift 2 ;;
        --keep-tmp) keep_tmp=true; shift ;;
        -h|--help)  usage; exit 0 ;;
        *)          die_usage "unknown option: $1" ;;
    esac
done

# ---- prerequisites --------------------------------------------------------------------------------------------
require_jar
require_java17

# ---- cleanup: always stop the bench and every server it started ----------------------------------------------
bench_pid=''
stop_all() { stop_bench_and_servers; }   # RecoveryBench lists the servers it starts in $tmp/pids
bench_tmp recovery

# Rebound runs from a copy of the jar: a rebuild during the run rewrites runtime/target/rebound.jar, and a JVM whose
# jar changes underneath it fails to load its next class.
cp "$jar" "$tmp/rebound.jar"

# ---- environment -----------------------------------------------------------------------------------------------
print_date_host
print_java_jar_commit
echo "jvm flags:   none beyond the defaults, for every server start and for the bench client"

# ---- measuring -------------------------------------------------------------------------------------------------
compile_bench RecoveryBench
rc=0
java -cp "$tmp/classes" RecoveryBench --jar "$tmp/rebound.jar" --tmp "$tmp" --pids "$tmp/pids" "${pass[@]}" &
bench_pid=$!
wait "$bench_pid" || rc=$?
bench_pid=''
exit "$rc"
