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
IDLE_SECONDS=${BENCH_IDLE_SECONDS:-5}

# log, server control, wrk rows, and the settings both scripts share
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init foundation helix-bench

# ---------------------------------------------------------------------------------------------- prerequisites

ensure_tools() {
    check_curl_and_ss
    ensure_wrk
}

build_once() {
    log "building the jar and start-up cache if needed (not measured) ..."
    ./helix train || die "./helix train (the start-up cache) failed; fix the build first"
    HELIX_VERSION=$(./helix version) || die "./helix version failed; fix the build first"
}

# ---------------------------------------------------------------------------------------------- server control

# Starts ./helix serve on a free port with data dir $1; sets SERVER_PID, SERVER_PORT, SERVER_LOG, START_NS.
start_server() {
    SERVER_PORT=$(free_port)
    SERVER_LOG="$WORK/server-$SERVER_PORT.log"
    START_NS=$(now_ns)
    # wrk sends GET /status from one address far beyond the public rate limit: keep it on, never reached.
    ./helix serve --port "$SERVER_PORT" --data-dir "$1" --set logging.accessLog=false \
        --set limits.publicRate=1000000/1s >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
}

# True if the launcher rebuilt the jar or re-recorded the cache during this start (the sample is then void).
launcher_did_work() {
    grep -qE '^helix: (building|recording|could not record)' "$SERVER_LOG"
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
    java_facts "$pid"
    ROWS=""
    throughput_row /health/live
    throughput_row /status
    stop_server
}

# Runs the bare-Helidon HelloBaseline (helix-bench) with Helix's JVM flags and measures GET /health/live on it,
# as the ceiling for Helix's own figures in the same run.
measure_baseline() {
    log "building helix-bench for the bare-Helidon baseline ..."
    build_helix_bench
    SERVER_PORT=$(free_port)
    SERVER_LOG="$WORK/baseline.log"
    # shellcheck disable=SC2086
    "$JAVA_BIN" -Xmx256m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
        -cp "$TOOL_JAR:helix-bench/target/libs/*" dev.helix.bench.HelloBaseline "$SERVER_PORT" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    local deadline=$((SECONDS + READY_TIMEOUT))
    until curl -sf -o /dev/null "http://$HOST:$SERVER_PORT/health/live"; do
        ((SECONDS < deadline)) || die "the baseline server did not start (log: $SERVER_LOG)"
        sleep 0.05
    done
    throughput_row /health/live "" "baseline: bare Helidon \`GET /health/live\`"
    stop_server
}

# ---------------------------------------------------------------------------------------------- report

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
- Method: \`bench/foundation.sh\`; server started with \`./helix serve --port P --data-dir DIR --set logging.accessLog=false --set limits.publicRate=1000000/1s\`, all traffic on 127.0.0.1, client and server on the same machine.

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
