#!/usr/bin/env bash
# Measures how large Helix's Prometheus answer (GET /metrics) grows under light mixed traffic over the default
# routes: API reads and writes with their usual statuses (200, 400, 401, 404, 405), commands, the
# gateway (complete, streamed, embeddings) over the mock provider, short SSE streams, and a scrape every round.
# Prints a Markdown report on stdout, ready to paste into BENCHMARKS.md; progress goes to stderr.
#
#   bench/metrics.sh > /tmp/metrics.md          full run (about 4 minutes)
#   BENCH_SECONDS=20 bench/metrics.sh           quick smoke run
#
# Environment:
#   BENCH_SECONDS        seconds of traffic before the measured scrape (default 180)
#   BENCH_PAUSE          seconds between two rounds of requests (default 0.2)
#   BENCH_SCRAPE_FILE    where to keep a copy of the measured scrape (default: none kept)
#   BENCH_READY_TIMEOUT  seconds to wait for a process to be ready (default 30)
#
# Needs curl, ss and setsid. Talks to 127.0.0.1 only; the server and the mock provider it starts are stopped on
# exit, and the temporary folder (data dir, logs, throwaway admin key) deleted.
set -euo pipefail
shopt -s inherit_errexit

RUN_SECONDS=${BENCH_SECONDS:-180}
PAUSE=${BENCH_PAUSE:-0.2}
MOCK_FLAGS=(-Xmx128m -XX:+UseSerialGC)

# log, server control and the settings the scripts share
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MOCK_PID=""
bench_init metrics helix-metrics-bench

# Called by cleanup (bench/lib.sh) on exit, before the server stops; $1 is the exit status.
before_stop() {
    if [[ -n $MOCK_PID ]]; then
        kill -TERM -- "-$MOCK_PID" 2>/dev/null || kill -TERM "$MOCK_PID" 2>/dev/null || true
        wait "$MOCK_PID" 2>/dev/null || true
    fi
    print_server_log_tail "$1"
}

# ---------------------------------------------------------------------------------------------- processes

ensure_tools() {
    check_curl_and_ss
    command -v setsid >/dev/null || die "setsid (util-linux) is required"
}

# Starts the mock provider (MockLlmMain: 5 ms latency, 5 chunks per stream); sets MOCK_PORT and MOCK_PID.
start_mock() {
    MOCK_PORT=$(free_port)
    setsid "$JAVA_BIN" "${MOCK_FLAGS[@]}" -cp "$TOOL_JAR:helix-bench/target/libs/*" dev.helix.testkit.MockLlmMain \
        --port "$MOCK_PORT" --latency-ms 5 --chunks 5 --chunk-spacing-ms 2 >"$WORK/mock.log" 2>&1 </dev/null &
    MOCK_PID=$!
    local deadline=$(($(now_ns) + READY_TIMEOUT * 1000000000))
    until (exec 3<>"/dev/tcp/$HOST/$MOCK_PORT") 2>/dev/null; do
        is_running "$MOCK_PID" || { tail -n 20 "$WORK/mock.log" >&2; die "the mock provider exited (log above)"; }
        (($(now_ns) > deadline)) && die "the mock provider was not listening after ${READY_TIMEOUT} s"
        sleep 0.05
    done
}

# helix.yaml: one openai-kind provider (the mock) and the model "fast" over it.
write_config() {
    CONFIG="$WORK/helix.yaml"
    cat >"$CONFIG" <<EOF
gateway:
  providers:
    - {id: mock, kind: openai, baseUrl: "http://$HOST:$MOCK_PORT/v1", apiKey: sk-bench, healthCheck: false}
  models:
    - name: fast
      deployments: [{provider: mock, model: fast, pricePerMillion: {input: 0.15, output: 0.60}}]
EOF
}

# Starts ./helix serve with that config; sets SERVER_PID, SERVER_PORT, SERVER_LOG, BASE, KEY, START_NS.
start_server() {
    mkdir -p "$WORK/data"
    SERVER_PORT=$(free_port)
    SERVER_LOG="$WORK/server-$SERVER_PORT.log"
    BASE="http://$HOST:$SERVER_PORT"
    KEY=$(make_key)
    START_NS=$(now_ns)
    HELIX_ADMIN_KEY="$KEY" HELIX_ACCESS_LOG=false HELIX_LIMITS_GATEWAY_RATE=off \
        HELIX_LIMITS_DEFAULT_RATE=1000000/1s HELIX_LIMITS_ADMIN_RATE=1000000/1s HELIX_LIMITS_PUBLIC_RATE=1000000/1s \
        ./helix serve --port "$SERVER_PORT" --data-dir "$WORK/data" \
        --config "$CONFIG" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
}

# ---------------------------------------------------------------------------------------------- traffic

# Appends to the array ARGS one curl request (its own --next section): method $1, path $2, then "auth" or "-" for
# the admin key or none, then an optional JSON body $4 and content type $5.
request() {
    local method=$1 path=$2 auth=$3 body=${4:-} type=${5:-application/json}
    ((${#ARGS[@]} == 0)) || ARGS+=(--next)
    ARGS+=(-s -o /dev/null -w '%{http_code}\n' --max-time 10 -X "$method")
    [[ $auth == auth ]] && ARGS+=(-H "Authorization: Bearer $KEY")
    [[ -n $body ]] && ARGS+=(-H "Content-Type: $type" -H 'If-Match: *' --data "$body")
    ARGS+=("$BASE$path")
}

# The requests of one round, in ARGS.
build_round() {
    local chat='{"model":"fast","messages":[{"role":"user","content":"Hello"}]}'
    ARGS=()
    request GET /health/live -
    request GET /health/ready -
    request GET /status -
    request GET /api/v1/me auth
    request GET /api/v1/me -
    request GET /api/v1/state auth
    request PATCH /api/v1/state auth '{"bench":{"n":1}}' application/merge-patch+json
    request PUT /api/v1/state auth '{not json'
    request GET /api/v1/state/history auth
    request GET /api/v1/state/versions/1 auth
    request GET /api/v1/state/versions/999999 auth
    request GET /api/v1/agents auth
    request GET /api/v1/agents/coder auth
    request GET /api/v1/agents/nobody auth
    request GET /api/v1/commands auth
    request POST /api/v1/commands auth '{"text":"!ping"}'
    request POST /api/v1/commands/ping auth '{}'
    request POST /api/v1/commands/nothing auth '{}'
    request GET /api/v1/keys auth
    request GET /api/v1/keys/key_none auth
    request GET /api/v1/usage auth
    request GET /api/v1/cache/stats auth
    request GET /api/v1/optimization/summary auth
    request GET /v1/models auth
    request POST /v1/chat/completions auth "$chat"
    request POST /v1/chat/completions auth '{"model":"fast","stream":true,"messages":[{"role":"user","content":"Hi"}]}'
    request POST /v1/chat/completions auth '{"model":"none","messages":[{"role":"user","content":"Hello"}]}'
    request POST /v1/embeddings auth '{"model":"fast","input":"Hello"}'
    request GET /no/such/route -
    request DELETE /status -
    request GET /metrics -
    PER_ROUND=$(printf '%s\n' "${ARGS[@]}" | grep -c -- '^--next$')
    PER_ROUND=$((PER_ROUND + 1))
}

# Sends rounds for RUN_SECONDS, a short SSE stream every tenth; sets ROUNDS and STATUSES (count per status).
send_traffic() {
    local end=$(($(now_ns) + RUN_SECONDS * 1000000000)) codes="$WORK/codes.txt"
    build_round
    ROUNDS=0
    : >"$codes"
    log "sending rounds of ${PER_ROUND} requests for ${RUN_SECONDS} s ..."
    while (($(now_ns) < end)); do
        curl "${ARGS[@]}" >>"$codes" || true
        if ((ROUNDS % 10 == 0)); then
            curl -s -N --max-time 2 -o /dev/null -H "Authorization: Bearer $KEY" \
                "$BASE/api/v1/events?topics=state" || true
        fi
        ROUNDS=$((ROUNDS + 1))
        sleep "$PAUSE"
    done
    REQUESTS=$(wc -l <"$codes")
    STATUSES=$(sort "$codes" | uniq -c | awk '{ printf "%s%s × %s", (NR > 1 ? ", " : ""), $1, $2 }')
}

# ---------------------------------------------------------------------------------------------- measurement

# Scrapes /metrics into $WORK/metrics.txt and sets the figures of the report.
measure_scrape() {
    local out="$WORK/metrics.txt"
    curl -s --max-time 10 -o "$out" "$BASE/metrics" || die "could not read $BASE/metrics"
    [[ -z ${BENCH_SCRAPE_FILE:-} ]] || cp "$out" "$BENCH_SCRAPE_FILE"
    SCRAPE_BYTES=$(wc -c <"$out")
    SCRAPE_LINES=$(wc -l <"$out")
    SAMPLES=$(grep -vc '^#' "$out" || true)
    BUCKETS=$(grep -c '_bucket{' "$out" || true)
    HISTOGRAMS=$(awk '$1 == "#" && $2 == "TYPE" && $4 == "histogram"' "$out" | wc -l)
    # buckets per series: the bucket lines grouped by name and labels without le (and without the value)
    MAX_BUCKETS=$(grep '_bucket{' "$out" | sed -E 's/,?le="[^"]*"//; s/ [^ ]*$//' | sort | uniq -c | sort -rn \
        | awk 'NR == 1 { print $1 }')
    HTTP_SERIES=$(grep -c '^http_server_requests_seconds_count{' "$out" || true)
    HTTP_BYTES=$(grep -E '^(# (HELP|TYPE) )?http_server_requests_seconds' "$out" | wc -c)
    BIGGEST=$(grep -v '^#' "$out" | sed -E 's/[{ ].*//' | sort | uniq -c | sort -rn | head -n 5 \
        | awk '{ printf "%s`%s` %s", (NR > 1 ? ", " : ""), $2, $1 }')
    PROMTOOL="not installed"
    if command -v promtool >/dev/null; then
        PROMTOOL=$(promtool check metrics <"$out" 2>&1 | paste -sd';' | sed 's/;/; /g') || true
        PROMTOOL=${PROMTOOL:-clean}
    fi
}

measure_all() {
    start_mock
    write_config
    start_server
    wait_ready
    log "Helix ready on port $SERVER_PORT; mock provider on $MOCK_PORT"
    java_facts "$(java_pid)"
    send_traffic
    measure_scrape
    stop_server
}

# ---------------------------------------------------------------------------------------------- report

print_report() {
    cat <<EOF
## Metrics: size of GET /metrics after mixed traffic

$(print_run_facts)
- Method: \`bench/metrics.sh\` with \`BENCH_SECONDS=${RUN_SECONDS}\`; Helix started with \`HELIX_ADMIN_KEY=hx_… HELIX_ACCESS_LOG=false HELIX_LIMITS_{DEFAULT,ADMIN,PUBLIC}_RATE=1000000/1s HELIX_LIMITS_GATEWAY_RATE=off ./helix serve --port P --data-dir DIR --config helix.yaml\` (default routes; one \`openai\`-kind provider, \`dev.helix.testkit.MockLlmMain --latency-ms 5 --chunks 5\`); ${ROUNDS} rounds of the same ${PER_ROUND} requests, ${PAUSE} s apart, one curl each (${REQUESTS} requests: ${STATUSES}), plus a 2 s SSE stream every tenth round; then one more \`GET /metrics\`, measured. All traffic on 127.0.0.1.

| Measure | Value |
| --- | ---: |
| \`GET /metrics\` size | $((SCRAPE_BYTES / 1024)) KiB (${SCRAPE_BYTES} bytes) |
| Lines / samples | ${SCRAPE_LINES} / ${SAMPLES} |
| Histograms / bucket lines | ${HISTOGRAMS} / ${BUCKETS} |
| Most buckets in one series (with \`+Inf\`) | ${MAX_BUCKETS:-0} |
| \`http_server_requests_seconds\` series (method, route, status) | ${HTTP_SERIES} |
| Bytes of that family / per series | ${HTTP_BYTES} / $((HTTP_BYTES / (HTTP_SERIES > 0 ? HTTP_SERIES : 1))) |
| Bytes of everything else | $((SCRAPE_BYTES - HTTP_BYTES)) |

Most samples by name: ${BIGGEST}.

\`promtool check metrics\`: ${PROMTOOL}.

### Server log

$(print_log_section)
EOF
}

# Counts the WARN and ERROR lines of the server log; keeps the first few for the report.
scan_server_log() {
    LOG_PROBLEMS=$(grep -cE '(^|[ \]])(WARN|ERROR)[ ]' "$SERVER_LOG" || true)
    LOG_EXAMPLES=$(grep -E '(^|[ \]])(WARN|ERROR)[ ]' "$SERVER_LOG" | head -n 5 | cut -c1-300 || true)
}

main() {
    machine_facts
    ensure_tools
    build_once
    measure_all
    scan_server_log
    print_report
}

main "$@"
