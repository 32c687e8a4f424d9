#!/usr/bin/env bash
# Slow-client check: starts Rebound, attacks it on loopback with Debian's slowhttptest in slowloris mode (-H, heads
# dribbled a header at a time) and slow-body mode (-B, a POST body dribbled a few bytes at a time), and meanwhile
# measures that a normal client keeps getting 200 promptly. Prints the normal client's latencies and a verdict.
# Loopback only, bounded in time; every process it starts is stopped on exit (Ctrl-C included).
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/slowloris.sh [--jar PATH] [--connections N] [--duration S] [--interval S] [--max-latency MS]
                            [--keep-tmp]

  --jar PATH         the server jar (default runtime/target/rebound.jar)
  --connections N    connections per slowhttptest mode; both modes run at once (default 200)
  --duration S       length of the attack in seconds (default 30)
  --interval S       seconds between two follow-up pieces of a slow client (slowhttptest -i, default 5)
  --max-latency MS   slowest normal request still counted as served promptly (default 2000; a client starved by
                     slow ones would wait for their timeouts, 10 s for a head and 30 s for a body)
  --keep-tmp         keep the temp directory (server output, slowhttptest output, latencies)

The normal client connects from 127.0.0.2: every attacker connects from 127.0.0.1, and the server's limit of
connections per client address (256 by default) refuses the attackers' surplus with 503, as it would a single
attacking machine, without touching other clients.

exit status: 0 the normal client was served promptly throughout (PASS); 1 it was not, or the server died (FAIL);
2 bad usage or missing prerequisites (slowhttptest: apt-get install slowhttptest; curl; java 17+).
EOF
}

die_usage() { echo "slowloris: $*" >&2; usage >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$repo/runtime/target/rebound.jar
connections=200 duration=30 interval=5 max_latency=2000 keep_tmp=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --jar)         [[ $# -ge 2 ]] || die_usage "$1 needs a value"; jar=$2; shift 2 ;;
        --connections) [[ $# -ge 2 ]] || die_usage "$1 needs a value"; connections=$2; shift 2 ;;
        --duration)    [[ $# -ge 2 ]] || die_usage "$1 needs a value"; duration=$2; shift 2 ;;
        --interval)    [[ $# -ge 2 ]] || die_usage "$1 needs a value"; interval=$2; shift 2 ;;
        --max-latency) [[ $# -ge 2 ]] || die_usage "$1 needs a value"; max_latency=$2; shift 2 ;;
        --keep-tmp)    keep_tmp=true; shift ;;
        -h|--help)     usage; exit 0 ;;
        *)             die_usage "unknown option: $1" ;;
    esac
done
for pair in "connections:$connections" "duration:$duration" "interval:$interval" "max-latency:$max_latency"; do
    [[ ${pair#*:} =~ ^[1-9][0-9]*$ ]] || die_usage "--${pair%%:*} must be a positive integer, got '${pair#*:}'"
done
((duration <= 600)) || die_usage "--duration is at most 600 seconds"

for tool in slowhttptest curl java; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "slowloris: $tool not found (slowhttptest: apt-get install slowhttptest)" >&2
        exit 2
    fi
done
[[ -f $jar ]] || { echo "slowloris: $jar not found; build first: mvn -B package -DskipTests" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rebound-slowloris.XXXXXX")
server_pid='' client_pid=''
attack_pids=()

stop_pid() { # pid: SIGTERM, then SIGKILL after 10 s
    local pid=$1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    local pid
    for pid in "${attack_pids[@]}"; do stop_pid "$pid"; done
    stop_pid "$client_pid"
    stop_pid "$server_pid"
    if $keep_tmp; then
        echo "slowloris: kept $tmp"
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the server -----------------------------------------------------------------------------------------------
mkdir -p "$tmp/root" "$tmp/data"
head -c 1024 /dev/zero | tr '\0' 'r' > "$tmp/root/index.html"
cp "$jar" "$tmp/rebound.jar" # a rebuild during the run cannot change the jar under the running JVM
java -jar "$tmp/rebound.jar" --port 0 --admin-port 0 --root "$tmp/root" --data "$tmp/data" \
    > "$tmp/server.out" 2> "$tmp/server.err" &
server_pid=$!
base=''
for _ in $(seq 1 600); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "slowloris: the server exited before it was ready:" >&2
        tail -20 "$tmp/server.err" >&2
        exit 1
    fi
    line=$(grep -m1 '^rebound ready ' "$tmp/server.out" || true)
    if [[ -n $line ]]; then
        base=$(awk '{print $3}' <<<"$line")
        break
    fi
    sleep 0.1
done
[[ -n $base ]] || { echo "slowloris: no ready line within 60 s" >&2; exit 1; }
case $base in
    http://127.*) ;;
    *) echo "slowloris: the server is not on loopback ($base); refusing to attack it" >&2; exit 2 ;;
esac
url=${base}index.html
echo "server: $base (pid $server_pid)"

# ---- the normal client ----------------------------------------------------------------------------------------
# One request every 200 ms on a fresh connection from 127.0.0.2, for as long as the attack lasts plus its start.
normal_client() {
    local end=$((SECONDS + duration + 5)) child=''
    trap '[[ -n $child ]] && kill -TERM "$child" 2>/dev/null; exit 0' TERM
    while ((SECONDS < end)); do
        curl -s -o /dev/null --interface 127.0.0.2 --max-time 15 -w '%{http_code} %{time_total}\n' "$url" &
        child=$!
        wait "$child" || echo "000 15"
        child=''
        sleep 0.2
    done
}

# p50 p95 max of the latencies (seconds, second column) in a file, in milliseconds.
percentiles() {
    awk '{print $2 * 1000}' "$1" | sort -n | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "- - -"; exit }
            i50 = int((NR + 1) * 0.50); if (i50 < 1) i50 = 1
            i95 = int((NR + 1) * 0.95); if (i95 < 1) i95 = 1; if (i95 > NR) i95 = NR
            printf "%.1f %.1f %.1f\n", v[i50], v[i95], v[NR]
        }'
}

# Before the attack: requests to warm the server up (JIT, not counted), then a baseline to compare with.
for _ in $(seq 1 20); do curl -s -o /dev/null --interface 127.0.0.2 --max-time 10 "$url" || true; done
for _ in $(seq 1 20); do
    curl -s -o /dev/null --interface 127.0.0.2 --max-time 10 -w '%{http_code} %{time_total}\n' "$url" \
        || echo "000 10"
    sleep 0.05
done > "$tmp/baseline.txt"
read -r b50 b95 bmax < <(percentiles "$tmp/baseline.txt")
echo "normal client before the attack: $(wc -l < "$tmp/baseline.txt") request(s); latency ms: p50 $b50, p95 $b95, max $bmax"

# ---- the attack -----------------------------------------------------------------------------------------------
# slowhttptest ends a run once the server has closed all its connections, which a server that times slow clients
# out does long before --duration: each mode is started again until the time is up, keeping the pressure on.
attack() { # mode name
    local mode=$1 name=$2 end=$((SECONDS + duration)) wave=0 child=''
    trap '[[ -n $child ]] && kill -TERM "$child" 2>/dev/null; exit 0' TERM
    while ((end - SECONDS >= 5)); do
        wave=$((wave + 1))
        slowhttptest "$mode" -c "$connections" -r 200 -i "$interval" -l $((end - SECONDS + 1)) -p 5 -x 16 \
            -s 8192 -u "$base" >> "$tmp/$name.log" 2>&1 &
        child=$!
        wait "$child" || true
        child=''
        echo "$wave" > "$tmp/$name.waves"
    done
}

echo "attack: slowhttptest -H and -B, $connections connections each, follow-up every ${interval}s, ${duration}s"
normal_client > "$tmp/latencies.txt" &
client_pid=$!
attack -H slowloris &
attack_pids+=($!)
attack -B slowbody &
attack_pids+=($!)
wait "${attack_pids[@]}" || true
attack_pids=()
wait "$client_pid" || true
client_pid=''

# ---- the verdict ----------------------------------------------------------------------------------------------
server_alive=true
kill -0 "$server_pid" 2>/dev/null || server_alive=false

# The last status block slowhttptest printed, without its colour codes.
last_status() {
    sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$tmp/$1.log" | tr -d '\r' \
        | awk '/^connected:/ {c=$2} /^closed:/ {cl=$2} /^service available:/ {a=$3} END {
            printf "last status: connected %s, closed %s, service available %s", c, cl, a }'
}
for name in slowloris slowbody; do
    echo "$name: $(cat "$tmp/$name.waves" 2>/dev/null || echo 0) wave(s); $(last_status "$name")"
done

echo "server log: $(grep -c ' 408 ' "$tmp/server.err" || true) request(s) answered 408," \
    "$(grep -c 'per client address' "$tmp/server.err" || true) line(s) on refused connections (per address)," \
    "$(grep -ciE 'exception|SEVERE|ERROR' "$tmp/server.err" || true) error line(s)"

total=$(wc -l < "$tmp/latencies.txt")
bad=$(awk '$1 != "200"' "$tmp/latencies.txt" | wc -l)
read -r p50 p95 max < <(percentiles "$tmp/latencies.txt")
echo "normal client during the attack: $total request(s), $bad not 200; latency ms: p50 $p50, p95 $p95, max $max"

verdict=PASS
reasons=()
$server_alive || { verdict=FAIL; reasons+=("the server died"); }
((total > 0)) || { verdict=FAIL; reasons+=("no normal request was made"); }
((bad == 0)) || { verdict=FAIL; reasons+=("$bad normal request(s) not answered 200"); }
if [[ $max != - ]] && awk -v m="$max" -v lim="$max_latency" 'BEGIN { exit !(m > lim) }'; then
    verdict=FAIL
    reasons+=("slowest normal request took ${max} ms (limit ${max_latency} ms)")
fi
if [[ $verdict == PASS ]]; then
    echo "verdict: PASS - slow clients did not starve the normal client"
    exit 0
fi
echo "verdict: FAIL - $(IFS=';'; echo "${reasons[*]}")"
exit 1
