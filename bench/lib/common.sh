# Shell shared by the bench scripts; sourced, not run. A script sets `bench` (the name its messages start with) and
# defines usage() before sourcing this, and stop_all() (what to stop on exit) before calling bench_tmp. Kept to what
# the scripts really do alike, so that each one still reads top to bottom as its own harness.
# shellcheck shell=bash

# ---- where things are ------------------------------------------------------------------------------------------
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar=$repo/runtime/target/rebound.jar

# ---- usage and prerequisites (exit status 2) -------------------------------------------------------------------
die_usage() { echo "$bench: $*" >&2; usage >&2; exit 2; }

# need TOOL HINT: TOOL on PATH, or say what to do about it.
need() { command -v "$1" >/dev/null 2>&1 || { echo "$bench: $1 not found; $2" >&2; exit 2; }; }

require_java() {
    if ! command -v java >/dev/null 2>&1; then
        echo "$bench: java not found on PATH (Java 17+ needed)" >&2
        exit 2
    fi
}

# Java 17+ (java -version's first line), and javac: bench programs that use bench/lib/ are compiled before they run.
require_java17() {
    local major
    require_java
    major=$(java -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
    if [[ -z $major || $major -lt 17 ]]; then
        echo "$bench: Java 17+ needed, found: $(java -version 2>&1 | head -n1)" >&2
        exit 2
    fi
    if ! command -v javac >/dev/null 2>&1; then
        echo "$bench: javac not found on PATH (a JDK 17+ is needed: the bench program is compiled first)" >&2
        exit 2
    fi
}

require_jar() {
    if [[ ! -f $jar ]]; then
        echo "$bench: $jar not found; build first: mvn -B -q package -DskipTests" >&2
        exit 2
    fi
}

# ---- the temp directory, and stopping everything on exit -------------------------------------------------------
# bench_tmp NAME: a fresh temp directory in $tmp. On exit, Ctrl-C or SIGTERM the script's stop_all runs, then the
# directory goes (or is kept and named, with keep_tmp=true), and the script exits with the status it had.
bench_tmp() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/rebound-$1.XXXXXX")
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

bench_cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_all
    if $keep_tmp; then
        echo "temp directory kept: $tmp"
    else
        rm -rf "$tmp"
    fi
    exit "$status"
}

# stop_pid PID: SIGTERM, up to 10 s to go, then SIGKILL; reaps it. Nothing for an empty PID.
stop_pid() {
    local pid=$1 i
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    echo "$bench: pid $pid ignored SIGTERM for 10 s, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# ---- a Java bench program (bench/NAME.java with bench/lib/*.java) ---------------------------------------------
# compile_bench NAME: into $tmp/classes, to run as java -cp "$tmp/classes" NAME. Java's single-file launcher
# (java bench/NAME.java) cannot see the shared classes in bench/lib/.
compile_bench() {
    if ! javac -d "$tmp/classes" "$repo/bench/$1.java" "$repo"/bench/lib/*.java; then
        echo "$bench: compiling bench/$1.java failed" >&2
        exit 1
    fi
}

# stop_bench_and_servers: for a script whose bench program ($bench_pid, empty when not running) starts the servers
# and lists their pids in $tmp/pids. SIGTERM first, so its shutdown hook kills the servers; then, in case it could
# not, SIGKILL to every listed pid still running our copy of the jar ($tmp/rebound.jar), and to nothing else.
stop_bench_and_servers() {
    local pid i
    if [[ -n $bench_pid ]] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -TERM "$bench_pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            kill -0 "$bench_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$bench_pid" 2>/dev/null || true
        wait "$bench_pid" 2>/dev/null || true
    fi
    [[ -f $tmp/pids ]] || return 0
    while read -r pid; do
        [[ $pid =~ ^[0-9]+$ ]] || continue
        if { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$tmp/rebound.jar"; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done <"$tmp/pids"
}

# ---- the machine -----------------------------------------------------------------------------------------------
load1() { cut -d' ' -f1 /proc/loadavg; }

# wait_for_quiet MINUTES: up to MINUTES for the 1-minute load average to fall below the number of cores.
wait_for_quiet() {
    local deadline=$((SECONDS + $1 * 60))
    while awk -v l="$(load1)" -v n="$(nproc)" 'BEGIN { exit !(l >= n) }' && ((SECONDS < deadline)); do
        echo "waiting for a quieter machine: load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores..."
        sleep 15
    done
}

# print_date_host [EXTRA]: the date and host lines of a report; EXTRA (e.g. the memory) before the load average.
print_date_host() {
    local cpu
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
    echo "date:        $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
    echo "host:        nproc $(nproc), ${cpu:-unknown CPU}, ${1:+$1, }load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# print_java_jar_commit: every line of java -version, the jar (a run uses a copy of it) and the commit checked out.
print_java_jar_commit() {
    local rev
    java -version 2>&1 | sed '1s/^/java:        /; 2,$s/^/             /'
    echo "jar:         $jar, built $(date -u -r "$jar" '+%Y-%m-%dT%H:%M:%SZ') (run from a copy)"
    if rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null); then
        echo "commit:      $rev (the jar may hold uncommitted work)"
    fi
}

# The flags the JVM's ergonomics chose on this machine (collector, heap), as java -XX:+PrintCommandLineFlags says.
java_ergonomics() {
    java -XX:+PrintCommandLineFlags -version 2>&1 | head -n1 | sed "s/ *-XX:+PrintCommandLineFlags//"
}

# ---- the files served ------------------------------------------------------------------------------------------
# make_1k: 1 KiB of fixed pseudo-random bytes (32 chained SHA-256 digests of "rebound-bench-1k") on stdout, identical
# on every run and machine, so that nothing in the path can win by compressing or caching a pattern.
make_1k() {
    local seed=rebound-bench-1k i hex=''
    for ((i = 0; i < 32; i++)); do
        seed=$(printf '%s' "$seed" | sha256sum | cut -c1-64)
        hex+=$seed
    done
    # bash's printf turns \xHH into bytes; sed writes the escapes.
    printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')"
}

# make_10m ONE_KIB OUT: 10 MiB, the 1 KiB file repeated (nothing on the path compresses, so the repetition favours
# no server); built through a 1 MiB block in $tmp.
make_10m() {
    local i
    cp "$1" "$tmp/block"
    for ((i = 0; i < 10; i++)); do cat "$tmp/block" "$tmp/block" >"$tmp/block2"; mv "$tmp/block2" "$tmp/block"; done
    for ((i = 0; i < 10; i++)); do cat "$tmp/block"; done >"$2"
    rm -f "$tmp/block"
}

# ---- wrk -------------------------------------------------------------------------------------------------------
# run_wrk OUTFILE WRK-ARGS...: wrk in the background, its pid in $wrk_pid meanwhile, so that the script's stop_all
# can stop it on Ctrl-C; a wrk that fails is shown and returns 1.
run_wrk() {
    local out=$1 rc=0
    shift
    wrk "$@" >"$out" 2>&1 &
    wrk_pid=$!
    wait "$wrk_pid" || rc=$?
    wrk_pid=''
    if ((rc != 0)); then
        echo "$bench: wrk exited with $rc:" >&2
        cat "$out" >&2
        return 1
    fi
}

# parse_wrk OUTFILE prints one line: req/s p50-ms p99-ms max-ms requests MiB/s errors, where errors is "none" or
# e.g. "timeout=3,non-2xx=12" (only the non-zero counts); "unparsed" when a figure is missing. It matches whole
# labelled lines only, so the optional "Socket errors:" and "Non-2xx or 3xx responses:" lines (wrk prints them only
# when non-zero) cannot shift any field.
parse_wrk() {
    awk '
        function ms(v) {   # wrk prints 812.00us, 6.71ms, 1.23s, 2.00m
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /s$/)  return v * 1000
            if (v ~ /m$/)  return v * 60000
            if (v ~ /h$/)  return v * 3600000
            return -1
        }
        function mib(v) {   # wrk prints 1024-based 812.34KB, 22.70MB, 1.23GB
            if (v ~ /KB$/) return v / 1024
            if (v ~ /MB$/) return v + 0
            if (v ~ /GB$/) return v * 1024
            if (v ~ /B$/)  return v / 1048576
            return -1
        }
        $1 == "Latency" && NF == 5           { max = ms($4) }
        $1 == "50%"                          { p50 = ms($2) }
        $1 == "99%"                          { p99 = ms($2) }
        $1 == "Requests/sec:"                { rps = $2 }
        $1 == "Transfer/sec:"                { mbs = mib($2) }
        $2 == "requests" && $3 == "in"       { total = $1 }
        /^[[:space:]]*Socket errors:/ {       # Socket errors: connect 0, read 0, write 0, timeout 0
            line = $0; sub(/^[^:]*:/, "", line); gsub(/,/, "", line)
            n = split(line, f, " ")
            for (i = 1; i + 1 <= n; i += 2) if (f[i + 1] > 0) errs = errs "," f[i] "=" f[i + 1]
        }
        /^[[:space:]]*Non-2xx or 3xx responses:/ { if ($NF > 0) errs = errs ",non-2xx=" $NF }
        END {
            if (rps == "" || p50 == "" || p99 == "" || max == "" || mbs == "") { print "unparsed"; exit }
            printf "%.0f %.3f %.3f %.3f %d %.1f %s\n", rps, p50, p99, max, total, mbs,
                errs == "" ? "none" : substr(errs, 2)
        }' "$1"
}

# median: of the numbers on stdin, one a line; "nan" for none.
median() {
    sort -g | awk '{ v[NR] = $1 }
        END { if (NR == 0) { print "nan"; exit } print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
