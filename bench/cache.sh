#!/usr/bin/env bash
# Measures the response cache and HTTP efficiency on loopback: cached GET /status and GET /api/v1/state under wrk
# with the cache on and off, GET /health/live (Helix's hello-world route) as the ceiling in the same run, the state
# read with gzip and with If-None-Match, HTTP/1.1 with HTTP/2 (h2c) switched on, then the JMH hit-path and gzip
# benchmarks and the Zipf hit-rate comparison. Prints a Markdown report on stdout, ready to paste into
# BENCHMARKS.md; progress goes to stderr.
#
#   bench/cache.sh > /tmp/cache.md                                  full run (about 6 minutes)
#   BENCH_DURATION=3s BENCH_WARMUP=1s BENCH_JMH=off bench/cache.sh  quick smoke run
#
# Environment:
#   BENCH_DURATION       wrk measurement per endpoint (default 15s)
#   BENCH_WARMUP         wrk warm-up per endpoint (default 5s)
#   BENCH_THREADS        wrk threads (default 1)
#   BENCH_CONNECTIONS    wrk connections (default 64)
#   BENCH_READY_TIMEOUT  seconds to wait for /health/ready before giving up (default 30)
#   BENCH_JMH            on (default) or off: run CacheHitBenchmark and GzipBenchmark
#
# Needs curl and ss; installs wrk with apt-get when it is missing. Talks to 127.0.0.1 only. Each server gets a fresh
# data dir and a throwaway admin key, both deleted on exit.
set -euo pipefail
shopt -s inherit_errexit

JMH=${BENCH_JMH:-on}

# log, server control, wrk rows, and the settings the scripts share
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SEED="$ROOT/bench/core-state.json"
bench_init cache helix-cache-bench

# The servers of this run, by name (on, off, h2): port, key and PID.
declare -A PORTS=() KEYS=() PIDS=()

# Called by cleanup (bench/lib.sh) on exit; $1 is the exit status.
before_stop() {
    if (($1 != 0)) && [[ -n ${SERVER_LOG:-} && -s $SERVER_LOG ]]; then
        log "the run failed; the last server log ends with:"
        tail -n 30 "$SERVER_LOG" >&2 || true
    fi
    stop_all
}

# ---------------------------------------------------------------------------------------------- setup

ensure_tools() {
    check_curl_and_ss
    [[ -f $SEED ]] || die "the seed document $SEED is missing"
    ensure_wrk
}

build_once() {
    log "building helix-bench and the server if needed (not measured) ..."
    build_helix_bench
    ./helix train || die "./helix train (the start-up cache) failed; fix the build first"
    HELIX_VERSION=$(./helix version) || die "./helix version failed; fix the build first"
    SOURCE_COMMIT=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
    if [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
        SOURCE_COMMIT+=" with uncommitted changes"
    fi
}

# Starts ./helix serve as server $1 with the environment assignments that follow (e.g. HELIX_CACHE=false), a fresh
# data dir and a throwaway admin key; waits until ready and seeds the state.
start_named() {
    local name=$1
    shift
    local data="$WORK/data-$name"
    mkdir -p "$data"
    SERVER_PORT=$(free_port)
    SERVER_LOG="$WORK/server-$name.log"
    BASE="http://$HOST:$SERVER_PORT"
    KEY=$(make_key)
    START_NS=$(now_ns)
    env HELIX_ADMIN_KEY="$KEY" HELIX_ACCESS_LOG=false HELIX_LIMITS_ENABLED=false "$@" \
        ./helix serve --port "$SERVER_PORT" --data-dir "$data" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    PIDS[$name]=$SERVER_PID
    PORTS[$name]=$SERVER_PORT
    KEYS[$name]=$KEY
    wait_ready
    seed_state
    SERVER_PID=""
}

# Makes server $1 the one the next rows measure.
use() {
    SERVER_PORT=${PORTS[$1]}
    KEY=${KEYS[$1]}
    BASE="http://$HOST:$SERVER_PORT"
}

stop_all() {
    local name
    for name in "${!PIDS[@]}"; do
        SERVER_PID=${PIDS[$name]}
        stop_server
    done
    PIDS=()
}

# Replaces the state with the seed document (retrying while keyed routes still answer 503 "starting": ready can
# precede the last start-up step by a moment).
seed_state() {
    local code attempt
    for attempt in $(seq 1 50); do
        code=$(curl -s -o "$WORK/seed-answer.json" -w '%{http_code}' --max-time 10 -X PUT \
            -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -H 'If-Match: *' \
            --data-binary "@$SEED" "$BASE/api/v1/state") || die "PUT /api/v1/state failed"
        [[ $code == 503 ]] || break
        sleep 0.1
    done
    [[ $code == 200 ]] || { cat "$WORK/seed-answer.json" >&2; die "PUT /api/v1/state answered $code (above)"; }
    SEED_BYTES=$(curl -sf --max-time 10 -H "Authorization: Bearer $KEY" -o /dev/null -w '%{size_download}' \
        "$BASE/api/v1/state") || die "GET /api/v1/state failed after seeding"
    GZIP_BYTES=$(curl -sf --max-time 10 -H "Authorization: Bearer $KEY" -H 'Accept-Encoding: gzip' -o /dev/null \
        -w '%{size_download}' "$BASE/api/v1/state") || die "GET /api/v1/state with gzip failed"
}

# ---------------------------------------------------------------------------------------------- measurements

# wrk on path $1 with the headers that follow: one row labelled $LABEL (bench/lib.sh), and RPS.
row() {
    wrk_row "$LABEL" "$@"
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'
}

auth() {
    echo "Authorization: Bearer $KEY"
}

# The in-memory hit rate of the server in use, from its own stats.
cache_stats() {
    curl -sf --max-time 5 -H "$(auth)" "$BASE/api/v1/cache/stats" | tr -d '\n' \
        | sed -E 's/.*"memory":\{[^}]*"hitRate":([0-9.]+).*/in-memory hit rate \1/' || echo "hit rate n/a"
}

# Three servers run side by side (idle when not measured); rows alternate between them so that a change in the
# machine's load during the run affects both sides of each comparison alike.
measure_servers() {
    start_named on
    java_facts "${PIDS[on]}"
    start_named off HELIX_CACHE=false
    start_named h2 HELIX_HTTP2=true
    ROWS=""
    use on
    LABEL="\`GET /health/live\` (ceiling: hello-world route)"; row /health/live; CEILING=$RPS
    use h2
    LABEL="\`GET /health/live\`, HTTP/1.1, h2c on"; row /health/live; H2_LIVE=$RPS
    use on
    LABEL="\`GET /status\`, cached"; row /status; STATUS_ON=$RPS
    use off
    LABEL="\`GET /status\`, cache off"; row /status; STATUS_OFF=$RPS
    use on
    LABEL="\`GET /api/v1/state\`, cached"; row /api/v1/state "$(auth)"; STATE_ON=$RPS
    use off
    LABEL="\`GET /api/v1/state\`, cache off"; row /api/v1/state "$(auth)"; STATE_OFF=$RPS
    use h2
    LABEL="\`GET /api/v1/state\`, HTTP/1.1, h2c on, cached"; row /api/v1/state "$(auth)"; H2_STATE=$RPS
    use on
    LABEL="\`GET /api/v1/state\`, cached, \`Accept-Encoding: gzip\`"
    row /api/v1/state "$(auth)" 'Accept-Encoding: gzip'; GZIP_ON=$RPS
    use off
    LABEL="\`GET /api/v1/state\`, cache off, \`Accept-Encoding: gzip\`"
    row /api/v1/state "$(auth)" 'Accept-Encoding: gzip'; GZIP_OFF=$RPS
    use on
    local etag
    etag=$(curl -s -D - -o /dev/null -H "$(auth)" "$BASE/api/v1/state" \
        | awk -F': ' 'tolower($1) == "etag" { print $2 }' | tr -d '\r')
    LABEL="\`GET /api/v1/state\`, cached, \`If-None-Match\` → 304"
    row /api/v1/state "$(auth)" "If-None-Match: $etag"
    use on
    LABEL="\`GET /health/live\` (ceiling again, last)"; row /health/live; CEILING_LAST=$RPS
    ON_STATS=$(cache_stats)
    stop_all
}

run_java() {
    "$JAVA_BIN" -cp "$TOOL_JAR:helix-bench/target/libs/*" "$@"
}

measure_in_process() {
    log "Zipf hit rates: Caffeine vs LRU ..."
    ZIPF_MD=$(run_java dev.helix.bench.ZipfHitRate)
    GZIP_SIZES_MD=$(run_java dev.helix.bench.GzipBenchmark)
    JMH_TXT="(not run: BENCH_JMH=$JMH)"
    if [[ $JMH == on ]]; then
        log "JMH: CacheHitBenchmark and GzipBenchmark (about 2 minutes) ..."
        run_java org.openjdk.jmh.Main 'CacheHitBenchmark|GzipBenchmark' -rf text -rff "$WORK/jmh.txt" \
            >"$WORK/jmh.log" 2>&1 || { tail -n 20 "$WORK/jmh.log" >&2; die "JMH failed (above)"; }
        JMH_TXT=$(cat "$WORK/jmh.txt")
    fi
}

# ---------------------------------------------------------------------------------------------- report

print_report() {
    cat <<EOF
## Response cache and HTTP efficiency

- Date: $DATE
- Machine: ${CPUS} CPUs (${CPU_MODEL:-unknown model}), ${MEM_GIB} GiB RAM (\`free -g\` total), load average at start ${LOAD}
- Helix: ${HELIX_VERSION}; source tree at ${SOURCE_COMMIT}
- JVM flags (from \`./helix\`): \`${JAVA_FLAGS}\`
- Method: \`bench/cache.sh\`; three servers side by side, each started by \`HELIX_ADMIN_KEY=hx_… HELIX_ACCESS_LOG=false HELIX_LIMITS_ENABLED=false ./helix serve --port P --data-dir DIR\`: the default (cache on), \`HELIX_CACHE=false\` and \`HELIX_HTTP2=true\`; state seeded with \`bench/core-state.json\` (${SEED_BYTES} bytes served, ${GZIP_BYTES} with gzip); \`wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION} --latency\` per row after a ${WARMUP} warm-up, rows in the order shown, alternating between the servers; load tool and servers on the same machine.

| Endpoint | Requests/s | p50 (ms) | p99 (ms) | Requests | Non-2xx/3xx | Socket errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${ROWS%$'\n'}

- Cached \`/status\`: $(ratio "$STATUS_ON" "$CEILING")× the hello-world route, $(ratio "$STATUS_ON" "$STATUS_OFF")× the same route with the cache off.
- Cached \`/api/v1/state\`: $(ratio "$STATE_ON" "$CEILING")× the hello-world route, $(ratio "$STATE_ON" "$STATE_OFF")× with the cache off.
- With gzip, cached \`/api/v1/state\` (compressed once) is $(ratio "$GZIP_ON" "$GZIP_OFF")× the cache-off route (compressed per response).
- HTTP/1.1 with h2c on, against h2c off: \`/health/live\` $(ratio "$H2_LIVE" "$CEILING")×, \`/api/v1/state\` $(ratio "$H2_STATE" "$STATE_ON")×.
- The ceiling went from ${CEILING} to ${CEILING_LAST} req/s between the first and the last row; the cache-on server's ${ON_STATS} after the run.

### gzip: bytes saved per body size (\`dev.helix.bench.GzipBenchmark\` main)

${GZIP_SIZES_MD}

### Hit rate under Zipf-distributed keys (\`dev.helix.bench.ZipfHitRate\`)

${ZIPF_MD}

### JMH (\`CacheHitBenchmark\`, \`GzipBenchmark\`; 3×1 s warm-up, 5×1 s measurement, 1 fork)

\`\`\`
${JMH_TXT}
\`\`\`
EOF
}

main() {
    machine_facts
    ensure_tools
    build_once
    measure_servers
    measure_in_process
    print_report
}

main "$@"
