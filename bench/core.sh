#!/usr/bin/env bash
# Measures Helix's core paths on loopback: reads of the shared state (and of the agent list when the build has it)
# under wrk, the real-time fan-out of state changes to many WebSocket clients, and how fast an edit of the state
# file becomes visible through the API. Prints a Markdown report on stdout, ready to paste into BENCHMARKS.md;
# progress goes to stderr.
#
#   bench/core.sh > /tmp/core.md                                        full run (about 2 minutes)
#   BENCH_DURATION=3s BENCH_WARMUP=1s BENCH_CLIENTS=200 bench/core.sh   quick smoke run
#
# Environment:
#   BENCH_DURATION       wrk measurement per endpoint (default 15s)
#   BENCH_WARMUP         wrk warm-up per endpoint (default 5s)
#   BENCH_THREADS        wrk threads (default 1)
#   BENCH_CONNECTIONS    wrk connections (default 64)
#   BENCH_CLIENTS        WebSocket clients following the state (default 1000)
#   BENCH_CHANGES        state changes sent to them (default 200)
#   BENCH_INTERVAL_MS    milliseconds between two changes (default 20)
#   BENCH_FILE_EDITS     edits of the state file (default 20)
#   BENCH_READY_TIMEOUT  seconds to wait for /health/ready before giving up (default 30)
#   BENCH_STEP_TIMEOUT   seconds one load tool may run before it is stopped (default 120)
#
# Needs curl and ss; installs wrk with apt-get when it is missing. Talks to 127.0.0.1 only. The server gets a fresh
# data dir and a throwaway admin key, both deleted on exit; the key is on wrk's command line, which is acceptable
# for a server that lives for one run on loopback.
set -euo pipefail
shopt -s inherit_errexit

CLIENTS=${BENCH_CLIENTS:-1000}
CHANGES=${BENCH_CHANGES:-200}
INTERVAL_MS=${BENCH_INTERVAL_MS:-20}
FILE_EDITS=${BENCH_FILE_EDITS:-20}
STEP_TIMEOUT=${BENCH_STEP_TIMEOUT:-120}
TOOL_HEAP=512m

# log, server control, wrk rows, and the settings both scripts share
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SEED="$ROOT/bench/core-state.json"
SAMPLER_PID=""
bench_init core helix-core-bench

# Called by cleanup (bench/lib.sh) on exit, before the server stops; $1 is the exit status.
before_stop() {
    stop_sampler
    print_server_log_tail "$1"
}

# ---------------------------------------------------------------------------------------------- prerequisites

ensure_tools() {
    check_curl_and_ss
    command -v timeout >/dev/null || die "timeout (coreutils) is required"
    [[ -f $SEED ]] || die "the seed document $SEED is missing"
    ensure_wrk
}

# Each client holds a socket in the load tool and one in the server (both started from this shell).
raise_file_limit() {
    local need=$((CLIENTS + 1024)) soft hard
    soft=$(ulimit -Sn)
    [[ $soft == unlimited ]] || ((soft >= need)) && return 0
    hard=$(ulimit -Hn)
    if [[ $hard != unlimited ]] && ((hard < need)); then
        die "$CLIENTS clients need $need open files, but the hard limit is $hard; lower BENCH_CLIENTS"
    fi
    ulimit -n "$need" || die "could not raise the open-file limit to $need"
    log "raised the open-file limit from $soft to $need"
}

# ---------------------------------------------------------------------------------------------- server control

# Starts ./helix serve on a free port with a fresh data dir, a known admin key and the state file mirror
# configured; sets SERVER_PID, SERVER_PORT, SERVER_LOG, BASE, KEY, STATE_FILE, START_NS.
start_server() {
    local data="$WORK/data"
    mkdir -p "$data"
    SERVER_PORT=$(free_port)
    SERVER_LOG="$WORK/server.log"
    BASE="http://$HOST:$SERVER_PORT"
    KEY=$(make_key)
    STATE_FILE="$data/state.json"
    START_NS=$(now_ns)
    # One key drives every request here, far beyond a user's rate: the limits stay on (their cost is measured)
    # with rates that are never reached.
    HELIX_ADMIN_KEY="$KEY" HELIX_ACCESS_LOG=false HELIX_STATE_FILE="$STATE_FILE" \
        HELIX_LIMITS_DEFAULT_RATE=1000000/1s HELIX_LIMITS_ADMIN_RATE=1000000/1s HELIX_LIMITS_PUBLIC_RATE=1000000/1s \
        ./helix serve --port "$SERVER_PORT" --data-dir "$data" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
}

rss_mib() {
    awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

# Samples the server's RSS every 200 ms into $WORK/rss.txt until stop_sampler.
start_sampler() {
    local pid=$1
    : >"$WORK/rss.txt"
    (while [[ -r /proc/$pid/status ]]; do
        awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" >>"$WORK/rss.txt" 2>/dev/null || true
        sleep 0.2
    done) &
    SAMPLER_PID=$!
}

stop_sampler() {
    [[ -n $SAMPLER_PID ]] || return 0
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=""
}

# ---------------------------------------------------------------------------------------------- setup

# Does this build mirror the state to state.file? It then writes the file at start; allow it 2 s.
detect_state_file() {
    local i
    for i in $(seq 1 40); do
        if [[ -f $STATE_FILE ]]; then
            FILE_MIRROR=yes
            return 0
        fi
        sleep 0.05
    done
    FILE_MIRROR=no
}

# Replaces the state with bench/core-state.json; sets SEED_BYTES to the size the API then serves.
seed_state() {
    local code
    code=$(curl -s -o "$WORK/seed-answer.json" -w '%{http_code}' --max-time 10 -X PUT \
        -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -H 'If-Match: *' \
        --data-binary "@$SEED" "$BASE/api/v1/state") || die "PUT /api/v1/state failed"
    [[ $code == 200 ]] || { cat "$WORK/seed-answer.json" >&2; die "PUT /api/v1/state answered $code (above)"; }
    SEED_BYTES=$(curl -sf --max-time 10 -H "Authorization: Bearer $KEY" -o /dev/null -w '%{size_download}' \
        "$BASE/api/v1/state") || die "GET /api/v1/state failed after seeding"
    log "state seeded: $SEED_BYTES bytes served by GET /api/v1/state"
}

# ---------------------------------------------------------------------------------------------- measurements

# GET /api/v1/agents is measured only if this build answers it with 200.
agents_row() {
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $KEY" \
        "$BASE/api/v1/agents" || true)
    if [[ $code == 200 ]]; then
        throughput_row /api/v1/agents auth
    else
        log "GET /api/v1/agents answered $code; not measured"
        ROWS+="| \`GET /api/v1/agents\` | n/a (not available in this build) | – | – | – | – | – |"$'\n'
    fi
}

measure_reads() {
    ROWS=""
    throughput_row /api/v1/state auth
    agents_row
    throughput_row /health/live "" "\`GET /health/live\` (ceiling: no auth, tiny body)"
}

# Runs a load tool ($1: class name, then its options) bounded by STEP_TIMEOUT; its table goes to $WORK/$1.md.
# Sets TOOL_STATUS: 0 all well, 2 finished with problems (in its table and on stderr), anything else failed.
run_tool() {
    local tool=$1
    shift
    TOOL_STATUS=0
    HELIX_BENCH_KEY="$KEY" timeout --kill-after=5 "$STEP_TIMEOUT" "$JAVA_BIN" -Xmx"$TOOL_HEAP" \
        -cp "$TOOL_JAR:helix-bench/target/libs/*" "dev.helix.bench.$tool" --url "$BASE" "$@" \
        >"$WORK/$tool.md" || TOOL_STATUS=$?
    case $TOOL_STATUS in
        0) ;;
        2) log "warning: $tool finished with problems (see its table and the lines above)" ;;
        124 | 137) log "warning: $tool did not finish within ${STEP_TIMEOUT} s and was stopped" ;;
        *) log "warning: $tool failed with exit status $TOOL_STATUS" ;;
    esac
}

tool_section() {
    local tool=$1
    if [[ $TOOL_STATUS == 0 || $TOOL_STATUS == 2 ]] && [[ -s $WORK/$tool.md ]]; then
        cat "$WORK/$tool.md"
    elif [[ $TOOL_STATUS == 124 || $TOOL_STATUS == 137 ]]; then
        echo "Not measured: \`$tool\` did not finish within ${STEP_TIMEOUT} s (BENCH_STEP_TIMEOUT) and was stopped."
    else
        echo "Not measured: \`$tool\` failed (exit status $TOOL_STATUS); its messages are in the run's stderr."
    fi
}

measure_fanout() {
    local pid
    pid=$(java_pid)
    RSS_BEFORE=$(rss_mib "$pid")
    log "real-time fan-out: $CLIENTS clients, $CHANGES changes, one every $INTERVAL_MS ms ..."
    start_sampler "$pid"
    run_tool RealtimeFanout --clients "$CLIENTS" --changes "$CHANGES" --interval-ms "$INTERVAL_MS"
    stop_sampler
    FANOUT_STATUS=$TOOL_STATUS
    FANOUT_MD=$(tool_section RealtimeFanout)
    RSS_PEAK=$(sort -n "$WORK/rss.txt" | tail -n 1 | awk '{ printf "%.1f", $1 / 1024 }')
}

measure_file_edits() {
    if [[ $FILE_MIRROR != yes ]]; then
        FILE_MD="n/a (not available in this build): no file appeared at \`state.file\` within 2 s of start, so this"
        FILE_MD+=" build does not mirror the state to a file."
        return 0
    fi
    log "state file: $FILE_EDITS edits ..."
    run_tool StateFileEdits --file "$STATE_FILE" --edits "$FILE_EDITS" --poll-ms 5 --timeout-ms 2000
    FILE_MD=$(tool_section StateFileEdits)
}

# Counts the server's WARN and ERROR lines; keeps the first few for the report.
scan_server_log() {
    LOG_PROBLEMS=$(grep -cE '(^|[ \]])(WARN|ERROR)[ ]' "$SERVER_LOG" || true)
    LOG_EXAMPLES=$(grep -E '(^|[ \]])(WARN|ERROR)[ ]' "$SERVER_LOG" | head -n 5 | cut -c1-300 || true)
    if ((LOG_PROBLEMS > 0)); then
        log "the server logged $LOG_PROBLEMS WARN/ERROR lines, first ones:"
        printf '%s\n' "$LOG_EXAMPLES" >&2
    fi
}

measure_running_server() {
    start_server
    wait_ready
    detect_state_file
    log "ready on port $SERVER_PORT; state file mirror: $FILE_MIRROR"
    seed_state
    local pid
    pid=$(java_pid)
    java_facts "$pid"
    measure_reads
    measure_fanout
    measure_file_edits
    stop_server
    scan_server_log
}

# ---------------------------------------------------------------------------------------------- report

print_report() {
    cat <<EOF
## Core: shared state reads, real-time fan-out, state file

$(print_run_facts)
- Method: \`bench/core.sh\`; server started with \`HELIX_ADMIN_KEY=hx_… HELIX_ACCESS_LOG=false HELIX_STATE_FILE=DIR/state.json HELIX_LIMITS_{DEFAULT,ADMIN,PUBLIC}_RATE=1000000/1s ./helix serve --port P --data-dir DIR\` (state file mirror in this build: ${FILE_MIRROR}); state seeded with \`bench/core-state.json\` by \`PUT /api/v1/state\` (${SEED_BYTES} bytes as served); all traffic on 127.0.0.1, load tools and server on the same machine.

### Reads

\`wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION} --latency\` per endpoint after a ${WARMUP} warm-up, with \`-H 'Authorization: Bearer …'\` on the API routes; \`/health/live\` in the same run is the ceiling.

| Endpoint | Requests/s | p50 (ms) | p99 (ms) | Requests | Non-2xx/3xx | Socket errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${ROWS%$'\n'}

### Real-time fan-out

\`dev.helix.bench.RealtimeFanout\` (helix-bench, JDK \`java.net.http\` WebSocket client, \`-Xmx${TOOL_HEAP}\`): ${CLIENTS} clients subscribe to \`state\` and wait for their snapshot; then ${CHANGES} \`PATCH /api/v1/state\` merge patches, one every ${INTERVAL_MS} ms, each carrying the writer's \`System.nanoTime()\`; latency = the client's \`nanoTime()\` when the event arrives minus that, for every (client, change). Server RSS: ${RSS_BEFORE} MiB before the clients connected, ${RSS_PEAK:-?} MiB at most during the run (sampled every 200 ms).

${FANOUT_MD}

### State file edit to visible

\`dev.helix.bench.StateFileEdits\` (helix-bench): ${FILE_EDITS} edits of the state file, alternately atomic (temporary file renamed over it) and in place (truncated and rewritten), each the current document plus a marker; time from just before the write to the first \`GET /api/v1/state\` (polled every 5 ms with \`If-None-Match\`) that serves it, so up to ~5 ms high; edits 100 ms apart.

${FILE_MD}

### Server log

$(print_log_section)
EOF
}

main() {
    machine_facts
    ensure_tools
    raise_file_limit
    build_once
    measure_running_server
    print_report
}

main "$@"
