#!/usr/bin/env bash
# Rebound against its peer, Apache Felix 7.0.5 + Felix HTTP Jetty 5.2.2 (Jetty 11) serving the same files from a
# servlet (bench/peer/), side by side in one run: keep-alive and fresh-connection throughput with wrk, 10 MiB file
# throughput and memory, idle RSS, RSS after a load run, cold start to first 200, and the cost of Rebound's
# supervision (the same build with its recovery bundle stopped). Interleaved rounds, medians, a table of ratios
# against the issue's targets with PASS/FAIL.
# A performance harness, not a test: see bench/README.md ("compare.sh") for what is measured and how to read it.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/compare.sh [--rounds N] [--duration S] [--load-seconds S] [--warmup S] [--settle S]
                        [--big-connections C] [--shipped-limits] [--phases LIST] [--wait-quiet M]
                        [--keep-tmp]

  --rounds N           rounds per measurement and server, interleaved Rebound, Jetty, Rebound, ... (default 3)
  --duration S         seconds per measured wrk run in the throughput and supervision phases (default 10)
  --load-seconds S     the load run after which RSS is read, in the cold phase (default 30)
  --warmup S           seconds of unmeasured keep-alive load per long-running server (default 5)
  --settle S           seconds a freshly started server idles before its idle RSS is read (default 5)
  --big-connections C  wrk connections for the 10 MiB file (default 10)
  --shipped-limits     keep Rebound's admission limits as shipped in the throughput phase too (by default they are
                       raised there to 1024: connector max.connections.per.address, 1024 shipped, and router
                       max.concurrent.calls, 192 shipped, past which a call waits 50 ms, then gets 503)
  --phases LIST        comma-separated subset of cold,throughput,supervision (default: all three)
  --wait-quiet M       before starting, wait up to M minutes for the 1-minute load average to fall below the
                       number of cores (default 0: start at once); the load is printed with every round anyway
  --keep-tmp           keep the temp directory (server output, raw wrk output, RSS samples) and print its path

exit status: 0 every measured target PASSed and wrk saw no errors; 1 a target FAILed, wrk saw errors or a server
died (the tables are still printed); 2 bad usage or missing prerequisites.
EOF
}

bench=compare
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

rounds=3 duration=10 load_seconds=30 warmup=5 settle=5 big_connections=10 phases=cold,throughput,supervision
wait_quiet=0 raise_limits=true
keep_tmp=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds)          [[ $# -ge 2 ]] || die_usage "$1 needs a value"; rounds=$2; shift 2 ;;
        --duration)        [[ $# -ge 2 ]] || die_usage "$1 needs a value"; duration=$2; shift 2 ;;
        --load-seconds)    [[ $# -ge 2 ]] || die_usage "$1 needs a value"; load_seconds=$2; shift 2 ;;
        --warmup)          [[ $# -ge 2 ]] || die_usage "$1 needs a value"; warmup=$2; shift 2 ;;
        --settle)          [[ $# -ge 2 ]] || die_usage "$1 needs a value"; settle=$2; shift 2 ;;
        --big-connections) [[ $# -ge 2 ]] || die_usage "$1 needs a value"; big_connections=$2; shift 2 ;;
        --phases)          [[ $# -ge 2 ]] || die_usage "$1 needs a value"; phases=$2; shift 2 ;;
        --wait-quiet)      [[ $# -ge 2 ]] || die_usage "$1 needs a value"; wait_quiet=$2; shift 2 ;;
        --shipped-limits)  raise_limits=false; shift ;;
        --keep-tmp)        keep_tmp=true; shift ;;
        -h|--help)         usage; exit 0 ;;
        *)                 die_usage "unknown option: $1" ;;
    esac
done
for pair in "rounds:$rounds" "duration:$duration" "load-seconds:$load_seconds" "warmup:$warmup" "settle:$settle" \
        "big-connections:$big_connections"; do
    [[ ${pair#*:} =~ ^[1-9][0-9]*$ ]] || die_usage "--${pair%%:*} must be a positive integer, got '${pair#*:}'"
done
[[ $wait_quiet =~ ^[0-9]+$ ]] || die_usage "--wait-quiet must be a whole number of minutes, got '$wait_quiet'"
((big_connections >= 2)) || die_usage "--big-connections must be at least 2 (wrk needs one per thread)"
declare -A phase_on=()
IFS=, read -r -a phase_list <<<"$phases"
for p in "${phase_list[@]}"; do
    [[ $p == cold || $p == throughput || $p == supervision ]] || die_usage "unknown phase '$p' in --phases"
    phase_on[$p]=1
done
on() { [[ -n ${phase_on[$1]:-} ]]; }

peer_dir=$repo/bench/peer

# ---- prerequisites --------------------------------------------------------------------------------------------
need java "Java 17+ needed on PATH"
need wrk "install it: apt-get install wrk"
need curl "install it: apt-get install curl"
need mvn "Maven builds the peer (bench/peer)"
need ss "iproute2's ss picks free ports"
require_jar
# The peer is its own Maven project (no parent); rebuilt when any of its sources is newer than its launcher jar.
peer_jar=$peer_dir/target/peer.jar
if [[ ! -f $peer_jar || ! -d $peer_dir/target/peer-bundles ]] \
        || [[ -n $(find "$peer_dir/pom.xml" "$peer_dir/src" -newer "$peer_jar" -type f 2>/dev/null | head -n1) ]]; then
    echo "building the peer: mvn -B -q -f bench/peer/pom.xml package"
    if ! mvn -B -q -f "$peer_dir/pom.xml" package >&2; then
        echo "compare: building the peer failed" >&2
        exit 2
    fi
fi

# ---- cleanup: always stop every process this script started ----------------------------------------------------
declare -A live=()          # pid -> what it is; every server still running
wrk_pid='' sampler_pid=''

stop_server() {   # stop_pid, and forget the pid (so that the cleanup cannot hit another process that reuses it)
    if [[ -n $1 ]]; then unset "live[$1]"; fi
    stop_pid "$1"
}

stop_all() {
    local pid
    stop_pid "$sampler_pid"
    stop_pid "$wrk_pid"
    for pid in "${!live[@]}"; do stop_server "$pid"; done
}
bench_tmp compare

# ---- the files served ------------------------------------------------------------------------------------------
# 1k.bin: the same 1024 pseudo-random bytes as bench/serve-1k.sh (32 chained SHA-256 digests). 10m.bin: 10 MiB,
# 1k.bin repeated (nothing on either path compresses, so the repetition gives neither server an advantage).
root=$tmp/root
mkdir -p "$root"
make_1k >"$root/1k.bin"
[[ $(wc -c <"$root/1k.bin") -eq 1024 ]] || { echo "compare: 1k.bin is not 1024 bytes" >&2; exit 1; }
make_10m "$root/1k.bin" "$root/10m.bin"
[[ $(wc -c <"$root/10m.bin") -eq 10485760 ]] || { echo "compare: 10m.bin is not 10 MiB" >&2; exit 1; }

# Copies of what runs: a rebuild during the run must not change the jars under a running JVM.
cp "$jar" "$tmp/rebound.jar"
jar_built=$(date -u -r "$jar" '+%Y-%m-%dT%H:%M:%SZ')
mkdir -p "$tmp/peer"
cp -r "$peer_jar" "$peer_dir/target/peer-framework" "$peer_dir/target/peer-bundles" "$tmp/peer/"

# ---- starting servers ------------------------------------------------------------------------------------------
# Both get the same JVM: `java` from PATH with no flags at all, so the same ergonomics (G1, heap from machine size).
free_port() {   # a port nobody listens on now (the server binds it a moment later)
    local p i
    for ((i = 0; i < 200; i++)); do
        p=$((20000 + RANDOM % 12000))
        [[ -z $(ss -Htln "sport = :$p" 2>/dev/null) ]] && { echo "$p"; return 0; }
    done
    echo "compare: found no free port" >&2
    return 1
}

# start_server KIND NAME PORT [--shell]: starts it in the background with its own fresh data directory; sets
# started_pid. A Rebound whose NAME is in raised[] gets the raised admission limits as configuration files in
# <data>/deploy/ (Felix FileInstall hands them to ConfigAdmin, as bench/recovery.sh does for the recovery policy).
# KIND is rebound or jetty. With --shell (Rebound only) stdin is the FIFO $tmp/NAME.in, which this shell keeps open
# (fd in shell_fd[NAME]) so that Gogo neither stops the framework at end of input nor blocks.
declare -A shell_fd=() raised=()
RAISED_LIMIT=1024
started_pid=''
start_server() {
    local kind=$1 name=$2 port=$3 shell=${4:-} out=$tmp/$2.out fd
    rm -rf "$tmp/data-$name" && mkdir -p "$tmp/data-$name"
    if [[ $kind == rebound && -n ${raised[$name]:-} ]]; then
        mkdir -p "$tmp/data-$name/deploy"
        echo "max.connections.per.address=$RAISED_LIMIT" >"$tmp/data-$name/deploy/io.rebound.connector.cfg"
        echo "max.concurrent.calls=$RAISED_LIMIT" >"$tmp/data-$name/deploy/io.rebound.router.cfg"
    fi
    if [[ $kind == rebound ]]; then
        local cmd=(java -jar "$tmp/rebound.jar" --port "$port" --admin-port 0 --root "$root" --data "$tmp/data-$name")
        if [[ $shell == --shell ]]; then
            mkfifo "$tmp/$name.in"
            "${cmd[@]}" --shell <"$tmp/$name.in" >"$out" 2>"$out.err" &
            started_pid=$!
            exec {fd}>"$tmp/$name.in"
            shell_fd[$name]=$fd
        else
            "${cmd[@]}" >"$out" 2>"$out.err" </dev/null &
            started_pid=$!
        fi
    else
        java -jar "$tmp/peer/peer.jar" --port "$port" --root "$root" --storage "$tmp/data-$name" \
            >"$out" 2>"$out.err" </dev/null &
        started_pid=$!
    fi
    live[$started_pid]=$name
}
rebound_cmd_shown="java -jar <tmp>/rebound.jar --port P --admin-port 0 --root <tmp>/root --data <tmp>/data-NAME"
jetty_cmd_shown="java -jar <tmp>/peer/peer.jar --port P --root <tmp>/root --storage <tmp>/data-NAME"

# await_200 PID PORT NAME: polls GET /1k.bin with curl every 10 ms until 200; 60 s deadline.
await_200() {
    local pid=$1 port=$2 name=$3 deadline=$((SECONDS + 60)) code
    while ((SECONDS < deadline)); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/1k.bin" 2>/dev/null) || true
        [[ $code == 200 ]] && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "compare: $name exited before serving; its output:" >&2
            cat "$tmp/$name.out" "$tmp/$name.out.err" >&2 || true
            return 1
        fi
        sleep 0.01
    done
    echo "compare: $name answered no 200 within 60 s; its output:" >&2
    cat "$tmp/$name.out" "$tmp/$name.out.err" >&2 || true
    return 1
}

# check_files PORT NAME: both files byte for byte before any load (an error page is cheaper than the file).
check_files() {
    local port=$1 name=$2 f
    for f in 1k.bin 10m.bin; do
        if ! curl -fsS --max-time 20 -o "$tmp/check.bin" "http://127.0.0.1:$port/$f"; then
            echo "compare: $name: GET /$f failed" >&2; return 1
        fi
        cmp -s "$tmp/check.bin" "$root/$f" || { echo "compare: $name: GET /$f returned other bytes" >&2; return 1; }
    done
    rm -f "$tmp/check.bin"
}

rss_mb() { local kb; kb=$(ps -o rss= -p "$1" 2>/dev/null | tr -d ' '); [[ -n $kb ]] && awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }' || echo "?"; }

# ---- wrk (run_wrk and parse_wrk in lib/common.sh) -------------------------------------------------------------
# RSS sampler: every 0.2 s into a file, while a wrk run goes on.
start_sampler() {
    local pid=$1 file=$2
    (while kill -0 "$pid" 2>/dev/null; do ps -o rss= -p "$pid" 2>/dev/null || true; sleep 0.2; done) >"$file" &
    sampler_pid=$!
}
stop_sampler() { stop_pid "$sampler_pid"; sampler_pid=''; }
peak_mb() { sort -n "$1" | tail -n1 | awk '{ printf "%.1f", $1 / 1024 }'; }

failed=false   # wrk errors or a dead server: figures not comparable
declare -A M=()   # M[metric,server,round] = value
declare -A E=()   # E[test,server,round] = wrk errors

# measure TEST SERVER ROUND PORT PID URLPATH WRK-ARGS...: one wrk run, its figures stored under TEST.
measure() {
    local test=$1 s=$2 r=$3 port=$4 pid=$5 path=$6 out v
    shift 6
    out=$tmp/wrk-$test-$s-$r.txt
    run_wrk "$out" "$@" --latency "http://127.0.0.1:$port$path"
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "compare: $s died during $test round $r; its stderr:" >&2
        tail -n 30 "$tmp/$s.out.err" >&2 || true
        exit 1
    fi
    read -r -a v < <(parse_wrk "$out")
    if [[ ${v[0]} == unparsed ]]; then
        echo "compare: could not parse wrk output:" >&2; cat "$out" >&2; exit 1
    fi
    M[$test.rps,$s,$r]=${v[0]} M[$test.p50,$s,$r]=${v[1]} M[$test.p99,$s,$r]=${v[2]} M[$test.max,$s,$r]=${v[3]}
    M[$test.mibs,$s,$r]=${v[5]}
    E[$test,$s,$r]=${v[6]}
    if [[ ${v[6]} != none ]]; then
        failed=true
        echo "  $s $test round $r: wrk reported errors: ${v[6]} (of ${v[4]} requests)"
    fi
}
med() { local key=$1 s=$2 r; for ((r = 1; r <= rounds; r++)); do [[ -n ${M[$key,$s,$r]:-} ]] && echo "${M[$key,$s,$r]}"; done | median; }
errs_of() { local test=$1 s=$2 r out=''; for ((r = 1; r <= rounds; r++)); do [[ ${E[$test,$s,$r]:-none} != none ]] && out+=" r$r:${E[$test,$s,$r]}"; done; echo "${out:- none}"; }

wait_for_quiet "$wait_quiet"

# ---- environment -----------------------------------------------------------------------------------------------
ergonomics=$(java_ergonomics)
print_date_host "$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory"
echo "java:        $(java -version 2>&1 | head -n1)"
if [[ -n ${JAVA_TOOL_OPTIONS:-} ]]; then
    echo "jvm flags:   JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS applies to BOTH servers; ergonomics chose: $ergonomics"
else
    echo "jvm flags:   none for either server (defaults; JAVA_TOOL_OPTIONS unset); ergonomics chose: $ergonomics"
fi
echo "wrk:         $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2), 2 threads; rounds $rounds, interleaved Rebound, Jetty, Rebound, ...; medians"
echo "rebound:     $rebound_cmd_shown  (copy of runtime/target/rebound.jar, built $jar_built)"
if on throughput && $raise_limits; then
    echo "rebound cfg: throughput phase only, admission limits raised to $RAISED_LIMIT through <data>/deploy/*.cfg:" \
        "connector max.connections.per.address (shipped 1024: wrk's connections all come from 127.0.0.1) and router" \
        "max.concurrent.calls (shipped 192; past it a call waits 50 ms, then gets 503), protections Jetty does not" \
        "have; nothing else is changed (--shipped-limits keeps them)"
fi
echo "jetty:       $jetty_cmd_shown  (Felix 7.0.5 + Felix HTTP Jetty 5.2.2 = Jetty 11.0.26; bench/peer)"
echo "files:       1k.bin (1024 B, sha256 $(sha256sum "$root/1k.bin" | cut -c1-16)...), 10m.bin (10 MiB)"
echo

# ---- phase 1: cold start, idle RSS, RSS after a load run (a fresh process per round) ---------------------------
if on cold; then
    echo "== cold: fresh process per round: start -> first 200 (curl every 10 ms), ${settle}s idle -> RSS," \
        "${load_seconds}s wrk -c50 keep-alive -> RSS"
    for ((r = 1; r <= rounds; r++)); do
        for s in rebound jetty; do
            port=$(free_port)
            t0=$(date +%s%N)
            start_server "$s" "$s" "$port"
            pid=$started_pid
            await_200 "$pid" "$port" "$s" || exit 1
            t1=$(date +%s%N)
            M[start,$s,$r]=$(( (t1 - t0) / 1000000 ))
            sleep "$settle"
            M[idle,$s,$r]=$(rss_mb "$pid")
            measure load "$s" "$r" "$port" "$pid" /1k.bin -t2 -c50 -d"${load_seconds}s"
            M[afterload,$s,$r]=$(rss_mb "$pid")
            stop_server "$pid"
            self=''
            [[ $s == jetty ]] && self=$(sed -n 's/.*first-200-ms-from-main \([0-9]*\).*/ (\1 ms of it after main)/p' "$tmp/$s.out")
            printf '  round %d %-7s first 200 after %5d ms%s; idle RSS %6s MB; %s s load %7s req/s; RSS after %6s MB; load avg %s\n' \
                "$r" "$s" "${M[start,$s,$r]}" "$self" "${M[idle,$s,$r]}" "$load_seconds" "${M[load.rps,$s,$r]}" \
                "${M[afterload,$s,$r]}" "$(load1)"
        done
    done
    echo
fi

# ---- phase 2: throughput, both servers running side by side ----------------------------------------------------
if on throughput; then
    echo "== throughput: one Rebound and one Jetty process, both warmed up; per round each test runs Rebound then Jetty"
    declare -A port_of=() pid_of=() tp_rss_end=()
    $raise_limits && raised[tp-rebound]=1
    for s in rebound jetty; do
        port_of[$s]=$(free_port)
        start_server "$s" "tp-$s" "${port_of[$s]}"
        pid_of[$s]=$started_pid
        await_200 "$started_pid" "${port_of[$s]}" "tp-$s" || exit 1
        check_files "${port_of[$s]}" "$s" || exit 1
    done
    short=$((warmup < 2 ? warmup : 2))
    if $raise_limits; then
        # The configuration arrives through FileInstall and ConfigAdmin shortly after start: wait (up to 20 s) until
        # 1 s of wrk -c500 sees no 503, which doubles as warm-up.
        for ((i = 0; i < 20; i++)); do
            run_wrk "$tmp/limit-check.txt" -t2 -c500 -d1s "http://127.0.0.1:${port_of[rebound]}/1k.bin"
            grep -q 'Non-2xx' "$tmp/limit-check.txt" || break
        done
        if grep -q 'Non-2xx' "$tmp/limit-check.txt"; then
            echo "  rebound still refuses some of 500 connections after 20 s: the c500 rows will show non-2xx"
        else
            echo "  rebound serves 500 connections from one address without 503s (raised limits in effect)"
        fi
    fi
    for s in rebound jetty; do
        echo "  warming up $s (${warmup}s keep-alive, ${short}s fresh connections, ${short}s 10 MiB)..."
        run_wrk "$tmp/warm-$s-1.txt" -t2 -c50 -d"${warmup}s" "http://127.0.0.1:${port_of[$s]}/1k.bin"
        run_wrk "$tmp/warm-$s-2.txt" -t2 -c50 -d"${short}s" -H 'Connection: close' "http://127.0.0.1:${port_of[$s]}/1k.bin"
        run_wrk "$tmp/warm-$s-3.txt" -t2 -c"$big_connections" -d"${short}s" "http://127.0.0.1:${port_of[$s]}/10m.bin"
    done
    for ((r = 1; r <= rounds; r++)); do
        echo "  round $r/$rounds: keep-alive c50, keep-alive c500, fresh connections c50, 10 MiB c$big_connections" \
            "(${duration}s each, Rebound then Jetty); load avg $(load1)..."
        for s in rebound jetty; do
            measure ka50 "$s" "$r" "${port_of[$s]}" "${pid_of[$s]}" /1k.bin -t2 -c50 -d"${duration}s"
        done
        for s in rebound jetty; do
            measure ka500 "$s" "$r" "${port_of[$s]}" "${pid_of[$s]}" /1k.bin -t2 -c500 -d"${duration}s"
        done
        for s in rebound jetty; do
            measure close "$s" "$r" "${port_of[$s]}" "${pid_of[$s]}" /1k.bin -t2 -c50 -d"${duration}s" \
                -H 'Connection: close'
        done
        for s in rebound jetty; do
            M[big.before,$s,$r]=$(rss_mb "${pid_of[$s]}")
            start_sampler "${pid_of[$s]}" "$tmp/rss-big-$s-$r.txt"
            measure big "$s" "$r" "${port_of[$s]}" "${pid_of[$s]}" /10m.bin -t2 -c"$big_connections" -d"${duration}s"
            stop_sampler
            M[big.peak,$s,$r]=$(peak_mb "$tmp/rss-big-$s-$r.txt")
            M[big.growth,$s,$r]=$(awk -v a="${M[big.peak,$s,$r]}" -v b="${M[big.before,$s,$r]}" 'BEGIN { printf "%.1f", a - b }')
        done
    done
    for s in rebound jetty; do
        tp_rss_end[$s]=$(rss_mb "${pid_of[$s]}")
        stop_server "${pid_of[$s]}"
    done
    echo
    printf '%-22s %-8s' test server
    for ((r = 1; r <= rounds; r++)); do printf ' %10s' "round $r"; done
    printf ' %10s  %s\n' median 'wrk errors'
    row() {   # row LABEL KEY TEST SERVER FORMAT
        local label=$1 key=$2 test=$3 s=$4 fmt=$5 r
        printf '%-22s %-8s' "$label" "$s"
        for ((r = 1; r <= rounds; r++)); do printf " %10.${fmt}f" "${M[$key,$s,$r]}"; done
        printf " %10.${fmt}f  %s\n" "$(med "$key" "$s")" "$(if [[ -n $test ]]; then errs_of "$test" "$s"; fi)"
    }
    for t in "ka50:keep-alive c50" "ka500:keep-alive c500" "close:fresh conn. c50"; do
        for s in rebound jetty; do row "${t#*:} req/s" "${t%%:*}.rps" "${t%%:*}" "$s" 0; done
        for s in rebound jetty; do row "${t#*:} p50 ms" "${t%%:*}.p50" '' "$s" 2; done
        for s in rebound jetty; do row "${t#*:} p99 ms" "${t%%:*}.p99" '' "$s" 2; done
        for s in rebound jetty; do row "${t#*:} max ms" "${t%%:*}.max" '' "$s" 1; done
    done
    for s in rebound jetty; do row "10 MiB c$big_connections MiB/s" big.mibs big "$s" 0; done
    for s in rebound jetty; do row "10 MiB RSS before MB" big.before '' "$s" 1; done
    for s in rebound jetty; do row "10 MiB RSS peak MB" big.peak '' "$s" 1; done
    for s in rebound jetty; do row "10 MiB RSS growth MB" big.growth '' "$s" 1; done
    echo "RSS at the end of the throughput phase: rebound ${tp_rss_end[rebound]} MB, jetty ${tp_rss_end[jetty]} MB"
    echo
fi

# ---- phase 3: supervision on vs off (the same build; "off" = recovery bundle stopped from its Gogo console) -----
if on supervision; then
    echo "== supervision: two Rebound processes with --shell; in 'off' the console ran 'stop io.rebound.recovery'"
    declare -A sport=() spid=()
    gogo() { printf '%s\n' "$2" >&"${shell_fd[$1]}"; }
    recovery_state() {   # NAME: the recovery bundle's state as Gogo's lb prints it, waiting up to 10 s for the answer
        local name=$1 i state
        local before; before=$(wc -l <"$tmp/$name.out")
        gogo "$name" 'lb io.rebound.recovery'
        for ((i = 0; i < 100; i++)); do
            state=$(tail -n +"$((before + 1))" "$tmp/$name.out" | sed -n 's/^ *[0-9]*|\([A-Za-z]*\) *|.*Rebound recovery (.*/\1/p' | tail -n1)
            [[ -n $state ]] && { echo "$state"; return 0; }
            sleep 0.1
        done
        echo "unknown"
    }
    for s in on off; do
        sport[$s]=$(free_port)
        start_server rebound "sup-$s" "${sport[$s]}" --shell
        spid[$s]=$started_pid
        await_200 "$started_pid" "${sport[$s]}" "sup-$s" || exit 1
    done
    gogo sup-off 'stop io.rebound.recovery'
    sleep 3   # longer than the launcher's 2 s watchdog grace: a stop it did not respect would be undone by now
    state_on=$(recovery_state sup-on) state_off=$(recovery_state sup-off)
    echo "  recovery bundle: on = $state_on, off = $state_off"
    if [[ $state_on != Active || $state_off != Resolved ]]; then
        echo "compare: the recovery bundle is not in the expected states (on Active, off Resolved)" >&2
        exit 1
    fi
    for s in on off; do
        echo "  warming up $s (${warmup}s)..."
        run_wrk "$tmp/warm-sup-$s.txt" -t2 -c50 -d"${warmup}s" "http://127.0.0.1:${sport[$s]}/1k.bin"
    done
    for ((r = 1; r <= rounds; r++)); do
        echo "  round $r/$rounds: keep-alive c50 (${duration}s each, on then off); load avg $(load1)..."
        for s in on off; do
            measure sup "$s" "$r" "${sport[$s]}" "${spid[$s]}" /1k.bin -t2 -c50 -d"${duration}s"
        done
    done
    [[ $(recovery_state sup-off) == Resolved ]] || { echo "compare: the recovery bundle came back in 'off'" >&2; exit 1; }
    for s in on off; do stop_server "${spid[$s]}"; done
    echo
    printf '%-22s %-8s' test server
    for ((r = 1; r <= rounds; r++)); do printf ' %10s' "round $r"; done
    printf ' %10s  %s\n' median 'wrk errors'
    for s in on off; do
        printf '%-22s %-8s' "supervision req/s" "$s"
        for ((r = 1; r <= rounds; r++)); do printf ' %10.0f' "${M[sup.rps,$s,$r]}"; done
        printf ' %10.0f  %s\n' "$(med sup.rps "$s")" "$(errs_of sup "$s")"
    done
    for s in on off; do
        printf '%-22s %-8s' "supervision p99 ms" "$s"
        for ((r = 1; r <= rounds; r++)); do printf ' %10.2f' "${M[sup.p99,$s,$r]}"; done
        printf ' %10.2f\n' "$(med sup.p99 "$s")"
    done
    echo
fi

# ---- summary: the issue's targets -------------------------------------------------------------------------------
any_fail=false
printf '%-40s %10s %10s %7s  %-8s %s\n' "target (medians of $rounds rounds)" rebound jetty ratio target verdict
# verdict LABEL A B OP LIMIT: ratio A/B against LIMIT (OP ge: higher is better, le: lower is better)
verdict() {
    local label=$1 a=$2 b=$3 op=$4 limit=$5 ratio v
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { if (b <= 0) print "nan"; else printf "%.2f", a / b }')
    if [[ $ratio == nan ]]; then
        v=FAIL
    elif [[ $op == ge ]]; then
        v=$(awk -v x="$ratio" -v l="$limit" 'BEGIN { print (x >= l) ? "PASS" : "FAIL" }')
    else
        v=$(awk -v x="$ratio" -v l="$limit" 'BEGIN { print (x <= l) ? "PASS" : "FAIL" }')
    fi
    [[ $v == FAIL ]] && any_fail=true
    printf '%-40s %10s %10s %7s  %-8s %s\n' "$label" "$a" "$b" "$ratio" "$([[ $op == ge ]] && echo '>=' || echo '<=') $limit" "$v"
}
if on throughput; then
    verdict "1 KiB keep-alive c50 req/s" "$(med ka50.rps rebound)" "$(med ka50.rps jetty)" ge 1.00
    verdict "1 KiB keep-alive c50 p99 ms" "$(med ka50.p99 rebound)" "$(med ka50.p99 jetty)" le 1.00
    verdict "1 KiB keep-alive c500 req/s" "$(med ka500.rps rebound)" "$(med ka500.rps jetty)" ge 1.00
    verdict "1 KiB keep-alive c500 p99 ms" "$(med ka500.p99 rebound)" "$(med ka500.p99 jetty)" le 1.00
    verdict "1 KiB fresh connections c50 req/s" "$(med close.rps rebound)" "$(med close.rps jetty)" ge 1.00
    verdict "10 MiB c$big_connections MiB/s" "$(med big.mibs rebound)" "$(med big.mibs jetty)" ge 0.90
    # "Memory flat": during the 10 MiB rounds RSS grew by less than half of one copy of the file per connection,
    # i.e. the server cannot be holding whole files in memory. Shown for both; the verdict is Rebound's.
    flat_limit=$((big_connections * 10 / 2))
    g=$(med big.growth rebound)
    gv=$(awk -v g="$g" -v l="$flat_limit" 'BEGIN { print (g < l) ? "PASS" : "FAIL" }')
    [[ $gv == FAIL ]] && any_fail=true
    printf '%-40s %10s %10s %7s  %-8s %s\n' "10 MiB RSS growth MB (memory flat)" "$g" "$(med big.growth jetty)" '-' \
        "< $flat_limit" "$gv"
fi
if on supervision; then
    printf '%-40s %10s %10s\n' '' 'on' 'off'
    verdict "supervision on/off keep-alive req/s" "$(med sup.rps on)" "$(med sup.rps off)" ge 0.97
fi
if on cold; then
    verdict "idle RSS MB (after ${settle}s)" "$(med idle rebound)" "$(med idle jetty)" le 0.50
    verdict "RSS MB after ${load_seconds}s load" "$(med afterload rebound)" "$(med afterload jetty)" le 1.00
    verdict "start to first 200 ms (cold java -jar)" "$(med start rebound)" "$(med start jetty)" le 0.50
fi
echo
for f in "$tmp"/*.out.err; do
    [[ -e $f ]] || continue
    w=$(grep -c 'WARN\|ERROR\|Exception' "$f" || true)
    echo "stderr $(basename "$f" .out.err): $(wc -l <"$f") lines, $w with WARN/ERROR/Exception"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

if $failed; then
    echo "compare: wrk saw errors in some runs (listed above): with non-2xx or socket errors the req/s compare" \
        "different work; 'timeout' counts requests slower than wrk's 2 s (not in the percentiles)" >&2
    exit 1
fi
$any_fail && exit 1
exit 0
