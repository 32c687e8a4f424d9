#!/usr/bin/env bash
# The floor under any server built on Felix + Declarative Services, to read compare.sh's idle-RSS and start targets
# against: the RSS of a JVM that does nothing, and the time from `java` to Felix 7.0.5 + SCR 2.2.18 started with no
# component at all. Neither includes anything of Rebound's; both use no JVM flags, as every server in compare.sh.
# A performance harness, not a test: see bench/README.md ("floor.sh").
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/floor.sh [--rounds N] [--settle S] [--keep-tmp]

  --rounds N   rounds, each an idle JVM and a Felix + SCR start (default 5)
  --settle S   seconds the idle JVM runs before its RSS is read (default 5, as compare.sh's idle RSS)
  --keep-tmp   keep the temp directory and print its path

Needs the built jar (SCR and its dependencies are taken from the bundles it embeds) and the peer's Felix framework
jar (bench/peer/target/peer-framework; bench/compare.sh builds it, or: mvn -B -q -f bench/peer/pom.xml package).
exit status: 0 measured; 1 a probe failed; 2 bad usage or missing prerequisites.
EOF
}

bench=floor
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

rounds=5 settle=5 keep_tmp=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds|--settle)
            [[ $# -ge 2 ]] || die_usage "$1 needs a value"
            [[ $2 =~ ^[1-9][0-9]*$ ]] || die_usage "$1 must be a positive integer, got '$2'"
            if [[ $1 == --rounds ]]; then rounds=$2; else settle=$2; fi
            shift 2 ;;
        --keep-tmp) keep_tmp=true; shift ;;
        -h|--help)  usage; exit 0 ;;
        *)          die_usage "unknown option: $1" ;;
    esac
done

require_jar
require_java17
framework=$repo/bench/peer/target/peer-framework/org.apache.felix.framework-7.0.5.jar
if [[ ! -f $framework ]]; then
    echo "$bench: $framework not found; build the peer: mvn -B -q -f bench/peer/pom.xml package" >&2
    exit 2
fi

idle_pid=''
stop_all() { stop_pid "$idle_pid"; }
bench_tmp floor

# SCR and the packages it imports, exactly as rebound.jar ships them (from a copy, as the other benches read it).
cp "$jar" "$tmp/rebound.jar"
bundles=()
for b in org.osgi.util.function org.osgi.util.promise org.osgi.service.component org.apache.felix.scr; do
    unzip -q -o "$tmp/rebound.jar" "bundles/$b.jar" -d "$tmp"
    bundles+=("$tmp/bundles/$b.jar")
done
mkdir -p "$tmp/classes"
javac -d "$tmp/classes" -cp "$framework" "$repo/bench/FloorProbe.java"

print_date_host
print_java_jar_commit
echo "jvm flags:   none"
echo

rss=() start=()
for ((r = 1; r <= rounds; r++)); do
    java -cp "$tmp/classes" FloorProbe idle >"$tmp/idle.out" &
    idle_pid=$!
    sleep "$settle"
    grep -q ready "$tmp/idle.out" || { echo "$bench: the idle JVM did not start" >&2; exit 1; }
    rss+=("$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$idle_pid/status")")
    stop_pid "$idle_pid"
    idle_pid=''

    rm -rf "$tmp/felix-cache"
    if ! out=$(java -cp "$framework:$tmp/classes" FloorProbe felix "$(date +%s%3N)" "$tmp/felix-cache" \
            "${bundles[@]}"); then
        echo "$bench: Felix + SCR did not start" >&2
        exit 1
    fi
    start+=("$(sed -n 's/^started \([0-9]*\) ms.*/\1/p' <<<"$out")")
    printf '  round %d: idle JVM RSS %6s MB after %d s; Felix + SCR (no component) started %5s ms after launch\n' \
        "$r" "${rss[-1]}" "$settle" "${start[-1]}"
done

echo
echo "medians of $rounds: idle JVM RSS $(printf '%s\n' "${rss[@]}" | median) MB;" \
    "Felix + SCR started $(printf '%s\n' "${start[@]}" | median) ms after launch"
echo "read against compare.sh's Felix + Jetty idle RSS and start to first 200 of the same session: the targets ask"
echo "Rebound for at most half of each"
