#!/usr/bin/env bash
# Measures the Helix server as the launcher runs it: start-to-ready time, idle memory, and HTTP throughput on
# loopback. Prints a Markdown report on stdout, ready to paste into BENCHMARKS.md; progress goes to stderr.
#
#   bench/foundation.sh > /tmp/foundation.md                  full run (under 2 minutes)
#   BENCH_DURATION=3s BENCH_WARMUP=1s bench/foundation.sh     quick smoke run
#
# Environment:
#   BENCH_RUNS           starts measured per case (default 5)
#   BENCH_DURATION       wrk measurement per endpoint (default 15s)
#   BENCH_WARMUP         wrk warm-up per endpoint (default 5s)
#   BENCH_THREADS        wrk threads (default 1)
#   BENCH_CONNECTIONS    wrk connections (default 64)
#   BENCH_READY_TIMEOUT  seconds to wait for /health/ready before giving up (default 30)
#   BENCH_IDLE_SECONDS   seconds to idle after ready before reading RSS (default 5)
#
# Needs curl and ss; installs wrk with apt-get when it is missing. Talks to 127.0.0.1 only.
set -euo pipefail
shopt -s inherit_errexit

RUNS=${BENCH_RUNS:-5}
DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-5s}
THREADS=${BENCH_THREADS:-1}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
READY_TIMEOUT=${BENCH_READY_TIMEOUT:-30}
IDLE_SECONDS=${BENCH_IDLE_SECONDS:-5}
STOP_TIMEOUT=15
HOST=127.0.0.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/helix-bench.XXXXXX")
SERVER_PID=""
SERVER_PORT=""
SERVER_LOG=""

log() { printf 'foundation: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ns() { date +%s%N; }

cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------- prerequisites

ensure_tools() {
    command -v curl >/dev/null || die "curl is required"
    command -v ss >/dev/null || die "ss (iproute2) is required"
    command -v wrk >/dev/null && return 0
    [[ $(id -u) -eq 0 ]] || die "wrk is missing: install it (apt-get install wrk) or run as root"
    log "installing wrk ..."
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y wrk >&2; then
        apt-get update >&2 && apt-get install -y wrk >&2 || die "could not install wrk"
    fi
}

build_once() {
    log "building the jar and start-up cache if needed (not measured) ..."
    HELIX_VERSION=$(./helix version) || die "./helix version failed; fix the build first"
}

# ---------------------------------------------------------------------------------------------- server control

# Prints a TCP port on loopback that nothing uses.
free_port() {
    local port attempt
    for attempt in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if [[ -z $(ss -Htan "( sport = :$port )" 2>/dev/null) ]]; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found after 100 tries"
}

# True while $1 is a live (not zombie) process.
is_running() {
    local state
    [[ -r /proc/$1/stat ]] || return 1
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ -n $state && $state != Z ]]
}

# Starts ./helix serve on a free port with data dir $1; sets SERVER_PID, SERVER_PORT, SERVER_LOG, START_NS.
start_server() {
    SERVER_PORT=$(free_port)
    SERVER_LOG="$WORK/server-$SERVER_PORT.log"
    START_NS=$(now_ns)
    ./helix serve --port "$SERVER_PORT" --data-dir "$1" --set logging.accessLog=false >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
}

# Polls /health/ready about every 5 ms; sets READY_MS to the milliseconds from START_NS to the first 200.
wait_ready() {
    local url="http://$HOST:$SERVER_PORT/health/ready" deadline code
    deadline=$((START_NS + READY_TIMEOUT * 1000000000))
    while true; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null || true)
        if [[ $code == 200 ]]; then
            READY_MS=$((($(now_ns) - START_NS + 500000) / 1000000))
            return 0
        fi
        if ! is_running "$SERVER_PID"; then
            tail -n 20 "$SERVER_LOG" >&2 || true
            die "the server exited before it was ready (log above)"
        fi
        if (($(now_ns) > deadline)); then
            tail -n 20 "$SERVER_LOG" >&2 || true
            die "the server was not ready after ${READY_TIMEOUT} s (log above)"
        fi
        sleep 0.005
    done
}

# Sends SIGTERM, waits up to STOP_TIMEOUT seconds, then SIGKILL; always reaps the process.
stop_server() {
    [[ -n $SERVER_PID ]] || return 0
    local pid=$SERVER_PID waited=0
    SERVER_PID=""
    kill -TERM "$pid" 2>/dev/null || true
    while is_running "$pid" && ((waited < STOP_TIMEOUT * 20)); do
        sleep 0.05
        waited=$((waited + 1))
    done
    if is_running "$pid"; then
        log "server $pid did not stop within ${STOP_TIMEOUT} s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# True if the launcher rebuilt the jar or re-recorded the cache during this start (the sample is then void).
launcher_did_work() {
    grep -qE '^helix: (building|recording|could not record)' "$SERVER_LOG"
}

# Prints the PID of the java process serving SERVER_PORT (the launcher execs java, so normally SERVER_PID).
java_pid() {
    if [[ $(cat "/proc/$SERVER_PID/comm" 2>/dev/null) == java ]]; then
        echo "$SERVER_PID"
        return 0
    fi
    local pid
    pid=$(pgrep -f "helix\.jar.* --port $SERVER_PORT( |\$)" | head -n 1) || true
    [[ -n $pid ]] || die "cannot find the java process for port $SERVER_PORT"
    echo "$pid"
}

# ---------------------------------------------------------------------------------------------- measurements

# One start-to-ready sample with data dir $1 (emptied first if $2 is "fresh"), repeated if the launcher had to
# rebuild first; sets READY_MS.
timed_start() {
    local attempt
    for attempt in 1 2 3; do
        if [[ ${2:-} == fresh ]]; then
            rm -rf "$1" && mkdir "$1"
        fi
        start_server "$1"
        wait_ready
        stop_server
        if ! launcher_did_work; then
            return 0
        fi
        log "the launcher rebuilt during this start (sources changed); discarding the sample"
    done
    die "the launcher kept rebuilding; stop editing sources while benchmarking"
}

# Prints "median min max" of the numbers on stdin.
summarise() {
    sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%d %d %d\n", m + 0.5, v[1], v[NR] }'
}

# Sets FRESH to "median min max" of RUNS starts, each with a new empty data dir.
measure_fresh_starts() {
    local i samples=()
    for i in $(seq 1 "$RUNS"); do
        timed_start "$WORK/fresh-$i" fresh
        samples+=("$READY_MS")
        log "fresh start $i/$RUNS: $READY_MS ms"
    done
    FRESH=$(printf '%s\n' "${samples[@]}" | summarise)
}

# Sets RESTART to "median min max" of RUNS starts on one data dir that a first, unreported start created.
measure_restarts() {
    local dir="$WORK/existing" i samples=()
    mkdir "$dir"
    timed_start "$dir"
    for i in $(seq 1 "$RUNS"); do
        timed_start "$dir"
        samples+=("$READY_MS")
        log "restart $i/$RUNS: $READY_MS ms"
    done
    RESTART=$(printf '%s\n' "${samples[@]}" | summarise)
}

# Prints a latency figure from wrk (e.g. 812.00us, 1.23ms, 1.01s, 2.00m) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000
        else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000
        else if (u != "ms") { print "?"; exit }
        printf "%.2f", n }'
}

# Runs wrk on path $1 (warm-up, then measurement) and appends one Markdown table row to ROWS, labelled with
# $2 (default: the path).
throughput_row() {
    local path=$1 label=${2:-"\`GET $1\`"} url="http://$HOST:$SERVER_PORT$1"
    local out="$WORK/wrk$(echo "$label" | tr -c 'A-Za-z0-9' '-').txt"
    log "wrk $path: warm-up $WARMUP, then $DURATION ..."
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out"
    local rps p50 p99 total non2xx errors
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    total=$(awk '/ requests in / { print $1 }' "$out")
    non2xx=$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' "$out")
    errors=$(awk '/Socket errors:/ { s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s }' "$out")
    [[ -n $rps && -n $total ]] || { cat "$out" >&2; die "could not parse wrk output for $path (above)"; }
    ROWS+="| $label | $rps | $p50 | $p99 | $total | ${non2xx:-0} | ${errors:-0} |"$'\n'

}

# Starts one server, idles, reads its RSS and JVM facts, then runs wrk against it. Sets IDLE_RSS, JAVA_*, ROWS.
measure_running_server() {
    mkdir "$WORK/steady"
    start_server "$WORK/steady"
    wait_ready
    log "ready; idling ${IDLE_SECONDS} s before reading RSS ..."
    sleep "$IDLE_SECONDS"
    local pid kib
    pid=$(java_pid)
    kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    IDLE_RSS=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
    JAVA_VERSION=$("$(readlink "/proc/$pid/exe")" -version 2>&1 | head -n 2 | paste -sd';' | sed 's/;/; /')
    JAVA_FLAGS=$(tr '\0' '\n' <"/proc/$pid/cmdline" | sed -n '2,/^-jar$/p' | grep -v '^-jar$' | paste -sd' ')
    ROWS=""
    throughput_row /health/live
    throughput_row /status
    stop_server
}

# Runs the bare-Helidon HelloBaseline (helix-bench) with Helix's JVM flags and measures GET /health/live on it,
# as the ceiling for Helix's own figures in the same run.
measure_baseline() {
    log "building helix-bench for the bare-Helidon baseline ..."
    ./mvnw -q -B -pl helix-bench -am package -DskipTests >&2 || die "could not build helix-bench"
    local jar java_bin
    jar=$(ls helix-bench/target/helix-bench-*.jar | head -n 1)
    java_bin=$(. .mvn/find-jdk.sh && helix_find_jdk)/bin/java
    SERVER_PORT=$(free_port)
    SERVER_LOG="$WORK/baseline.log"
    # shellcheck disable=SC2086
    "$java_bin" -Xmx256m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
        -cp "$jar:helix-bench/target/libs/*" dev.helix.bench.HelloBaseline "$SERVER_PORT" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    local deadline=$((SECONDS + READY_TIMEOUT))
    until curl -sf -o /dev/null "http://$HOST:$SERVER_PORT/health/live"; do
        ((SECONDS < deadline)) || die "the baseline server did not start (log: $SERVER_LOG)"
        sleep 0.05
    done
    throughput_row /health/live "baseline: bare Helidon \`GET /health/live\`"
    stop_server
}

# ---------------------------------------------------------------------------------------------- report

machine_facts() {
    DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
    CPUS=$(nproc)
    MEM_GIB=$(free -g | awk '/^Mem:/ { print $2 }')
    CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
    if awk -v l="${LOAD%% *}" -v n="$CPUS" 'BEGIN { exit !(l > n / 2) }'; then
        log "warning: load average is ${LOAD%% *} on $CPUS CPUs; other work running now will skew the figures"
    fi
}

print_report() {
    local fresh restart
    read -r -a fresh <<<"$FRESH"
    read -r -a restart <<<"$RESTART"
    cat <<EOF
## Foundation: start, memory, throughput

- Date: $DATE
- Machine: ${CPUS} CPUs (${CPU_MODEL:-unknown model}), ${MEM_GIB} GiB RAM (\`free -g\` total), load average at start ${LOAD}
- Java: ${JAVA_VERSION}
- Helix: ${HELIX_VERSION}
- JVM flags (from \`./helix\`): \`${JAVA_FLAGS}\`
- Method: \`bench/foundation.sh\`; server started with \`./helix serve --port P --data-dir DIR --set logging.accessLog=false\`, all traffic on 127.0.0.1, client and server on the same machine.

### Start to ready

Time from spawning \`./helix serve\` to the first 200 from \`GET /health/ready\` (polled about every 5 ms), ${RUNS} runs each.

| Case | Median (ms) | Min (ms) | Max (ms) |
| --- | ---: | ---: | ---: |
| Fresh data dir (new database, migrations run) | ${fresh[0]} | ${fresh[1]} | ${fresh[2]} |
| Restart with existing data | ${restart[0]} | ${restart[1]} | ${restart[2]} |

### Idle memory

| Measure | Value |
| --- | ---: |
| RSS of the java process, ${IDLE_SECONDS} s after ready (VmRSS) | ${IDLE_RSS} MiB |

### Throughput

\`wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION} --latency\` per endpoint after a ${WARMUP} warm-up, on the server measured above; the baseline row is a bare Helidon server (\`dev.helix.bench.HelloBaseline\`, same JVM flags) measured right after, as the ceiling.

| Endpoint | Requests/s | p50 (ms) | p99 (ms) | Requests | Non-2xx/3xx | Socket errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${ROWS%$'\n'}
EOF
}

main() {
    machine_facts
    ensure_tools
    build_once
    log "start-to-ready, fresh data dir, $RUNS runs ..."
    measure_fresh_starts
    log "start-to-ready, existing data, $RUNS runs ..."
    measure_restarts
    measure_running_server
    measure_baseline
    print_report
}

main "$@"
