#!/usr/bin/env bash
# Measures what Helix's LLM gateway adds to a request on loopback, against the mock provider (MockLlmMain) and, in the
# same run, Portkey's open-source gateway and a plain TCP relay (socat): added latency of sequential requests, the
# same for streamed answers (time to first event, gaps between events), and an open-loop load with a slow upstream.
# Prints a Markdown report on stdout, ready to paste into BENCHMARKS.md; progress goes to stderr.
#
#   bench/gateway.sh > /tmp/gateway.md            full run (about 20 minutes)
#   BENCH_RATES=500 BENCH_LOAD_SECONDS=5 BENCH_LOAD_WARMUP=2 BENCH_ROUNDS=3 BENCH_CONDITION=500 BENCH_CHUNKS=5 \
#       bench/gateway.sh                          quick smoke run (about a minute)
#
# Environment:
#   BENCH_WARMUP_REQUESTS  warm-up requests per path before the rounds (default 15)
#   BENCH_ROUNDS           rounds (default 7)
#   BENCH_PER_ROUND        requests per path and round (default 25)
#   BENCH_CONDITION        unmeasured requests per path between the first and the second sequential measurement, so
#                          the second one sees compiled code (default 5000; 0 = no second measurement)
#   BENCH_CHUNKS           chunks of a streamed answer (default 20)
#   BENCH_CHUNK_SPACING_MS milliseconds between two chunks (default 10)
#   BENCH_RATES            open-loop rates in requests/s, one run each, Helix restarted before each (default
#                          "500 1000 2000 5000")
#   BENCH_LOAD_SECONDS     measured seconds per load run (default 60)
#   BENCH_LOAD_WARMUP      seconds sent before the measured ones in each load run (default 10)
#   BENCH_UPSTREAM_MS      the mock's latency under load (default 1500)
#   BENCH_GATEWAY_CONCURRENCY  Helix's limits.gatewayConcurrency (default 0 = no limit, so the gateway itself is measured)
#   BENCH_PORTKEY          on (default) or off; BENCH_PORTKEY_DIR where it is installed (default /work/bench-tools,
#                          installed there with npm if missing), BENCH_PORTKEY_VERSION (default 1.15.2)
#   BENCH_READY_TIMEOUT    seconds to wait for a process to be ready (default 30)
#   BENCH_STEP_TIMEOUT     seconds one sequential measurement may run before it is stopped (default 600)
#
# Needs curl, ss and node (for Portkey); installs socat with apt-get when it is missing. Talks to 127.0.0.1 only
# (Portkey's command line cannot choose its interface: it listens on all of them for the length of the run). Every
# process it starts is stopped on exit, and the temporary folder deleted.
set -euo pipefail
shopt -s inherit_errexit

WARMUP_REQUESTS=${BENCH_WARMUP_REQUESTS:-15}
ROUNDS=${BENCH_ROUNDS:-7}
PER_ROUND=${BENCH_PER_ROUND:-25}
CONDITION=${BENCH_CONDITION:-5000}
CHUNKS=${BENCH_CHUNKS:-20}
CHUNK_SPACING_MS=${BENCH_CHUNK_SPACING_MS:-10}
GATEWAY_CONCURRENCY=${BENCH_GATEWAY_CONCURRENCY:-0}
RATES=${BENCH_RATES:-"500 1000 2000 5000"}
LOAD_SECONDS=${BENCH_LOAD_SECONDS:-60}
LOAD_WARMUP=${BENCH_LOAD_WARMUP:-10}
UPSTREAM_MS=${BENCH_UPSTREAM_MS:-1500}
PORTKEY=${BENCH_PORTKEY:-on}
PORTKEY_DIR=${BENCH_PORTKEY_DIR:-/work/bench-tools}
PORTKEY_VERSION=${BENCH_PORTKEY_VERSION:-1.15.2}
STEP_TIMEOUT=${BENCH_STEP_TIMEOUT:-600}
REQUEST_TIMEOUT_MS=10000
MOCK_FLAGS=(-Xmx128m -XX:+UseSerialGC)
LOAD_MOCK_FLAGS=(-Xmx512m -XX:+UseSerialGC)
TOOL_FLAGS=(-Xmx256m -XX:+UseSerialGC)
LOAD_TOOL_FLAGS=(-Xmx1g -XX:+UseSerialGC)

# log, server control and the settings the scripts share
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
AUX_PIDS=()
bench_init gateway helix-gateway-bench

# Called by cleanup (bench/lib.sh) on exit, before the server stops; $1 is the exit status.
before_stop() {
    local pid
    for pid in "${AUX_PIDS[@]}"; do
        stop_group "$pid"
    done
    print_server_log_tail "$1"
}

# ---------------------------------------------------------------------------------------------- prerequisites

ensure_tools() {
    check_curl_and_ss
    command -v timeout >/dev/null || die "timeout (coreutils) is required"
    command -v setsid >/dev/null || die "setsid (util-linux) is required"
    if ! command -v socat >/dev/null; then
        [[ $(id -u) -eq 0 ]] || die "socat is missing: install it (apt-get install socat) or run as root"
        log "installing socat ..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y socat >&2 || { apt-get update >&2 && apt-get install -y socat >&2; } \
            || die "could not install socat"
    fi
    [[ $PORTKEY == on ]] && ensure_portkey
    return 0
}

# Portkey's gateway from the npm registry, in PORTKEY_DIR (outside the repository); sets PORTKEY_JS and PORTKEY_ID.
# @hono/node-server is pinned to 1.13.8: with the newer ones npm picks, Portkey answers every streamed request with
# "Something went wrong" ("TypeError: immutable" in its log; Portkey-AI/gateway issues 1389 and 1550).
ensure_portkey() {
    command -v node >/dev/null || die "node is required for Portkey's gateway (or set BENCH_PORTKEY=off)"
    PORTKEY_JS="$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js"
    if [[ ! -f $PORTKEY_JS ]]; then
        command -v npm >/dev/null || die "npm is required to install Portkey's gateway (or set BENCH_PORTKEY=off)"
        log "installing @portkey-ai/gateway@$PORTKEY_VERSION into $PORTKEY_DIR ..."
        mkdir -p "$PORTKEY_DIR"
        printf '{"private": true, "dependencies": {"@portkey-ai/gateway": "%s"}, %s}\n' "$PORTKEY_VERSION" \
            '"overrides": {"@hono/node-server": "1.13.8"}' >"$PORTKEY_DIR/package.json"
        npm install --prefix "$PORTKEY_DIR" --no-audit --no-fund >&2 || die "could not install Portkey's gateway"
    fi
    PORTKEY_ID="@portkey-ai/gateway $(npm_version @portkey-ai/gateway) with @hono/node-server"
    PORTKEY_ID+=" $(npm_version @hono/node-server), Node.js $(node --version)"
}

# The version of package $1 as installed in PORTKEY_DIR.
npm_version() {
    sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$PORTKEY_DIR/node_modules/$1/package.json" 2>/dev/null | head -n 1
}

# Each load connection is one socket in the load tool and, through Helix, two more in Helix (client and upstream).
raise_file_limit() {
    local most=0 rate conns need soft hard
    for rate in $RATES; do
        conns=$(connections_for "$rate")
        ((conns > most)) && most=$conns
    done
    need=$((2 * most + 1024))
    soft=$(ulimit -Sn)
    [[ $soft == unlimited ]] || ((soft >= need)) && return 0
    hard=$(ulimit -Hn)
    if [[ $hard != unlimited ]] && ((hard < need)) && ! ulimit -Hn "$need" 2>/dev/null; then
        log "warning: the load needs $need open files, but the hard limit is $hard; using $hard"
        need=$hard
    fi
    ulimit -Sn "$need" || die "could not raise the open-file limit to $need"
    log "raised the open-file limit from $soft to $need"
}

# ---------------------------------------------------------------------------------------------- processes

# Starts "$@" in a session of its own (so its children stop with it), output to $WORK/$1.log; prints nothing,
# sets AUX_PID and remembers it for before_stop. $1 is a name for the log.
start_aux() {
    local name=$1
    shift
    setsid "$@" >"$WORK/$name.log" 2>&1 </dev/null &
    AUX_PID=$!
    AUX_PIDS+=("$AUX_PID")
}

# Stops the process group led by $1: SIGTERM, up to STOP_TIMEOUT seconds, then SIGKILL.
stop_group() {
    local pid=$1 waited=0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    while is_running "$pid" && ((waited < STOP_TIMEOUT * 20)); do
        sleep 0.05
        waited=$((waited + 1))
    done
    is_running "$pid" && kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# Waits until 127.0.0.1:$2 accepts TCP connections while process $1 lives; $3 names it in messages.
wait_port() {
    local pid=$1 port=$2 name=$3 deadline
    deadline=$(($(now_ns) + READY_TIMEOUT * 1000000000))
    until (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; do
        if ! is_running "$pid"; then
            tail -n 20 "$WORK/$name.log" >&2 || true
            die "$name exited before it was ready (log above)"
        fi
        (($(now_ns) > deadline)) && die "$name was not listening on port $port after ${READY_TIMEOUT} s"
        sleep 0.05
    done
}

# Starts a mock provider named $1 with MockLlmMain options $3... and JVM flags from the array named $2; sets
# MOCK_PORT and MOCK_PID.
start_mock() {
    local name=$1 flags_name=$2
    shift 2
    local -n flags=$flags_name
    MOCK_PORT=$(free_port)
    start_aux "$name" "$JAVA_BIN" "${flags[@]}" -cp "$TOOL_JAR:helix-bench/target/libs/*" \
        dev.helix.testkit.MockLlmMain --port "$MOCK_PORT" "$@"
    MOCK_PID=$AUX_PID
    wait_port "$MOCK_PID" "$MOCK_PORT" "$name"
}

start_mocks() {
    start_mock mock-fast MOCK_FLAGS --latency-ms 0 --chunks "$CHUNKS" --chunk-spacing-ms "$CHUNK_SPACING_MS"
    FAST_PORT=$MOCK_PORT
    start_mock mock-burst MOCK_FLAGS --latency-ms 0 --chunks "$CHUNKS" --chunk-spacing-ms 0
    BURST_PORT=$MOCK_PORT
    start_mock mock-slow LOAD_MOCK_FLAGS --latency-ms "$UPSTREAM_MS" --chunks 5 --chunk-spacing-ms 0
    SLOW_PORT=$MOCK_PORT
    SLOW_PID=$MOCK_PID
    log "mock providers on ports $FAST_PORT (fast), $BURST_PORT (streams back to back), $SLOW_PORT (${UPSTREAM_MS} ms)"
}

start_relay() {
    RELAY_PORT=$(free_port)
    start_aux socat socat "TCP-LISTEN:$RELAY_PORT,bind=$HOST,fork,reuseaddr,nodelay" "TCP:$HOST:$FAST_PORT,nodelay"
    wait_port "$AUX_PID" "$RELAY_PORT" socat
}

start_portkey() {
    [[ $PORTKEY == on ]] || return 0
    PORTKEY_PORT=$(free_port)
    # what `npx @portkey-ai/gateway --port=P --headless` runs, without npm's wrapper process
    start_aux portkey node "$PORTKEY_JS" "--port=$PORTKEY_PORT" --headless
    wait_port "$AUX_PID" "$PORTKEY_PORT" portkey
}

# helix.yaml: one openai-kind provider per mock, and models fast, burst and slow over them.
write_config() {
    CONFIG="$WORK/helix.yaml"
    cat >"$CONFIG" <<EOF
gateway:
  providers:
    - {id: mock, kind: openai, baseUrl: "http://$HOST:$FAST_PORT/v1", apiKey: sk-bench, healthCheck: false}
    - {id: burst, kind: openai, baseUrl: "http://$HOST:$BURST_PORT/v1", apiKey: sk-bench, healthCheck: false}
    - {id: slow, kind: openai, baseUrl: "http://$HOST:$SLOW_PORT/v1", apiKey: sk-bench, healthCheck: false}
  models:
    - name: fast
      deployments: [{provider: mock, model: fast, pricePerMillion: {input: 0.15, output: 0.60}}]
    - name: burst
      deployments: [{provider: burst, model: burst, pricePerMillion: {input: 0.15, output: 0.60}}]
    - name: slow
      deployments: [{provider: slow, model: slow, pricePerMillion: {input: 0.15, output: 0.60}}]
EOF
}

# Starts ./helix serve with that config (a new port and log each time, the same data dir and key); sets
# SERVER_PID, SERVER_PORT, SERVER_LOG, BASE, KEY, START_NS.
start_server() {
    local data="$WORK/data"
    mkdir -p "$data"
    SERVER_PORT=$(free_port)
    SERVER_LOG="$WORK/server-$SERVER_PORT.log"
    BASE="http://$HOST:$SERVER_PORT"
    KEY=${KEY:-$(make_key)}
    START_NS=$(now_ns)
    # The load steps send far more than a key's default rate: the rate limits are not what is measured here.
    HELIX_ADMIN_KEY="$KEY" HELIX_ACCESS_LOG=false HELIX_LIMITS_GATEWAY_RATE=off HELIX_LIMITS_GATEWAY_CONCURRENCY="$GATEWAY_CONCURRENCY" \
        ./helix serve --port "$SERVER_PORT" --data-dir "$data" --config "$CONFIG" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
}

# POSTs a chat request to $1 with the extra curl arguments "${@:2}"; prints the HTTP status, the body goes to
# $WORK/check.json.
chat_status() {
    curl -s -o "$WORK/check.json" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
        --data '{"model":"fast","messages":[{"role":"user","content":"Hello"}]}' "${@:2}" "$1" || true
}

# Checks that each path answers a chat request with 200 before anything is measured. Helix may still answer 503
# "starting" for a moment after /health/ready first says UP (the admin key is installed after the migrations that
# readiness checks), so that is retried for up to READY_TIMEOUT seconds.
check_paths() {
    local code deadline
    deadline=$(($(now_ns) + READY_TIMEOUT * 1000000000))
    while true; do
        code=$(chat_status "$BASE/v1/chat/completions" -H "Authorization: Bearer $KEY")
        [[ $code == 503 ]] && (($(now_ns) < deadline)) || break
        sleep 0.1
    done
    [[ $code == 200 ]] || { cat "$WORK/check.json" >&2; die "Helix answered $code to a chat request (above)"; }
    if [[ $PORTKEY == on ]]; then
        code=$(chat_status "http://$HOST:$PORTKEY_PORT/v1/chat/completions" -H 'Authorization: Bearer sk-bench' \
            -H 'x-portkey-provider: openai' -H "x-portkey-custom-host: http://$HOST:$FAST_PORT/v1")
        [[ $code == 200 ]] || { cat "$WORK/check.json" >&2; die "Portkey answered $code to a chat request"; }
    fi
}

# ---------------------------------------------------------------------------------------------- sequential

# kind=url items for GatewayOverhead's --targets: Helix, Portkey (when on) and the relay.
targets() {
    local list="helix=$BASE"
    [[ $PORTKEY == on ]] && list+=",portkey=http://$HOST:$PORTKEY_PORT"
    [[ -n ${1:-} ]] || list+=",relay=http://$HOST:$RELAY_PORT"
    echo "$list"
}

# Runs GatewayOverhead with options "$@", bounded by STEP_TIMEOUT; prints its table, or a line saying why not.
overhead() {
    local status=0 out="$WORK/overhead.md"
    HELIX_BENCH_KEY="$KEY" timeout --kill-after=5 "$STEP_TIMEOUT" "$JAVA_BIN" "${TOOL_FLAGS[@]}" \
        -cp "$TOOL_JAR:helix-bench/target/libs/*" dev.helix.bench.GatewayOverhead --timeout-ms "$REQUEST_TIMEOUT_MS" \
        "$@" >"$out" || status=$?
    case $status in
        0) cat "$out" ;;
        2) log "warning: some requests failed (counted in the table; examples above)"; cat "$out" ;;
        124 | 137) echo "Not measured: GatewayOverhead did not finish within ${STEP_TIMEOUT} s and was stopped." ;;
        *) echo "Not measured: GatewayOverhead failed (exit status $status); its messages are in the run's stderr." ;;
    esac
}

sequential() {
    overhead --direct "http://$HOST:$FAST_PORT" --targets "$(targets)" --warmup "$WARMUP_REQUESTS" \
        --rounds "$ROUNDS" --per-round "$PER_ROUND"
}

# Unmeasured requests through Helix and Portkey, complete and streamed (streams from the back-to-back mock), so the
# measurements after it see code the JIT has compiled.
condition() {
    log "conditioning: $CONDITION complete and $((CONDITION / 5)) streamed requests per path (not measured) ..."
    overhead --direct "http://$HOST:$FAST_PORT" --targets "$(targets norelay)" --warmup "$CONDITION" --rounds 1 \
        --per-round 1 >/dev/null
    overhead --direct "http://$HOST:$BURST_PORT" --targets "$(targets norelay)" --model burst --mode stream \
        --warmup "$((CONDITION / 5))" --rounds 1 --per-round 1 >/dev/null
}

measure_sequential() {
    log "sequential, right after start: $WARMUP_REQUESTS warm-up requests, $ROUNDS rounds of $PER_ROUND ..."
    COLD_MD=$(sequential)
    WARM_MD=""
    STREAM_MD=""
    if ((CONDITION > 0)); then
        condition
        log "sequential, after conditioning ..."
        WARM_MD=$(sequential)
    fi
    log "streamed, $CHUNKS chunks $CHUNK_SPACING_MS ms apart: $ROUNDS rounds of $PER_ROUND (a few minutes) ..."
    STREAM_MD=$(overhead --mode stream --direct "http://$HOST:$FAST_PORT" --targets "$(targets)" \
        --warmup "$WARMUP_REQUESTS" --rounds "$ROUNDS" --per-round "$PER_ROUND")
}

# ---------------------------------------------------------------------------------------------- load

# Connections for an open-loop rate: what the upstream latency keeps in flight, plus a tenth of a second and 100.
connections_for() {
    echo $(($1 * (UPSTREAM_MS + 100) / 1000 + 100))
}

cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

vm_kib() {
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# One open-loop run: $1 kind (direct or helix), $2 URL, $3 model, $4 rate. Appends a row to LOAD_ROWS: the tool's
# cells, then the CPU the load tool, the mock and Helix used (cores: CPU seconds over the run's wall time), Helix's
# largest VmRSS sampled every 200 ms during the run and its VmHWM (peak resident since it started) after it.
load_run() {
    local kind=$1 url=$2 model=$3 rate=$4 conns tool_pid java_pid="" status=0 out
    conns=$(connections_for "$rate")
    out="$WORK/load-$kind-$rate.md"
    local helix_pid
    helix_pid=$(java_pid)
    log "open loop, $kind: $rate req/s, $LOAD_WARMUP s + $LOAD_SECONDS s, $conns connections ..."
    local t0 h0 m0 tool_ticks=0 peak=0 rss
    t0=$(now_ns)
    h0=$(cpu_ticks "$helix_pid")
    m0=$(cpu_ticks "$SLOW_PID")
    HELIX_BENCH_KEY="$KEY" timeout --kill-after=5 "$((LOAD_WARMUP + LOAD_SECONDS + REQUEST_TIMEOUT_MS / 1000 + 120))" \
        "$JAVA_BIN" "${LOAD_TOOL_FLAGS[@]}" -cp "$TOOL_JAR:helix-bench/target/libs/*" dev.helix.bench.GatewayLoad \
        --kind "$kind" --url "$url" --mock "http://$HOST:$SLOW_PORT" --model "$model" --rate "$rate" \
        --warmup-s "$LOAD_WARMUP" --duration-s "$LOAD_SECONDS" --connections "$conns" \
        --timeout-ms "$REQUEST_TIMEOUT_MS" --upstream-ms "$UPSTREAM_MS" >"$out" &
    tool_pid=$!
    while is_running "$tool_pid"; do
        [[ -n $java_pid ]] || java_pid=$(pgrep -P "$tool_pid" | head -n 1 || true)
        [[ -n $java_pid ]] && tool_ticks=$(cpu_ticks "$java_pid")
        rss=$(vm_kib "$helix_pid" VmRSS)
        ((rss > peak)) && peak=$rss
        sleep 0.2
    done
    wait "$tool_pid" || status=$?
    local wall hz cells
    wall=$((($(now_ns) - t0) / 1000000))
    hz=$(getconf CLK_TCK)
    cells=$(awk -v t="$tool_ticks" -v m="$(($(cpu_ticks "$SLOW_PID") - m0))" \
        -v h="$(($(cpu_ticks "$helix_pid") - h0))" -v w="$wall" -v hz="$hz" -v k="$kind" -v p="$peak" \
        -v hwm="$(vm_kib "$helix_pid" VmHWM)" 'BEGIN {
            s = w / 1000 * hz
            printf "%.2f | %.2f | %s | %s", t / s, m / s, (k == "helix" ? sprintf("%.2f", h / s) : "–"),
                (k == "helix" ? sprintf("%.1f / %.1f", p / 1024, hwm / 1024) : "–") }')
    case $status in
        0 | 2)
            [[ $status == 2 ]] && log "warning: some requests failed (counted in the row)"
            LOAD_ROWS+="$(sed 's/ |$//' "$out") | $cells |"$'\n'
            ;;
        124 | 137) LOAD_ROWS+="| $kind | $rate | not measured: the run did not finish in time and was stopped |"$'\n' ;;
        *) LOAD_ROWS+="| $kind | $rate | not measured: GatewayLoad failed (exit status $status) |"$'\n' ;;
    esac
    sleep 2
}

# A fresh Helix for a load run (so one rate's memory or backlog does not carry into the next), warmed up with a
# thousand sequential requests.
restart_server() {
    stop_server
    start_server
    wait_ready
    check_paths
    overhead --direct "http://$HOST:$FAST_PORT" --targets "helix=$BASE" --warmup 1000 --rounds 1 --per-round 1 \
        >/dev/null
}

measure_load() {
    LOAD_ROWS=""
    local rate
    for rate in $RATES; do
        load_run direct "http://$HOST:$SLOW_PORT" slow "$rate"
        restart_server
        load_run helix "$BASE" slow "$rate"
    done
}

# Counts the WARN and ERROR lines of every Helix started; keeps the first few for the report.
scan_server_log() {
    LOG_PROBLEMS=$(cat "$WORK"/server-*.log | grep -cE '(^|[ \]])(WARN|ERROR)[ ]' || true)
    LOG_EXAMPLES=$(cat "$WORK"/server-*.log | grep -E '(^|[ \]])(WARN|ERROR)[ ]' | head -n 5 | cut -c1-300 || true)
    if ((LOG_PROBLEMS > 0)); then
        log "the server logged $LOG_PROBLEMS WARN/ERROR lines, first ones:"
        printf '%s\n' "$LOG_EXAMPLES" >&2
    fi
}

measure_all() {
    start_mocks
    start_relay
    start_portkey
    write_config
    start_server
    wait_ready
    log "Helix ready on port $SERVER_PORT; relay on $RELAY_PORT${PORTKEY_PORT:+; Portkey on $PORTKEY_PORT}"
    check_paths
    java_facts "$(java_pid)"
    RSS_START=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$(java_pid)/status")
    measure_sequential
    measure_load
    stop_server
    scan_server_log
}

# ---------------------------------------------------------------------------------------------- report

print_report() {
    local peers="the socat relay"
    if [[ $PORTKEY == on ]]; then
        peers="Portkey's gateway (${PORTKEY_ID}, started as \`node …/build/start-server.js --port=P --headless\`, what"
        peers+=" \`npx @portkey-ai/gateway\` runs; headers \`x-portkey-provider: openai\`, \`x-portkey-custom-host\`)"
        peers+=" and the socat relay"
    fi
    cat <<EOF
## Gateway: added latency, streaming, open-loop load

$(print_run_facts)
- Method: \`bench/gateway.sh\`; Helix started with \`HELIX_ADMIN_KEY=hx_… HELIX_ACCESS_LOG=false HELIX_LIMITS_GATEWAY_RATE=off HELIX_LIMITS_GATEWAY_CONCURRENCY=${GATEWAY_CONCURRENCY} ./helix serve --port P --data-dir DIR --config helix.yaml\`, the config's \`gateway:\` having one \`openai\`-kind provider per mock provider (\`dev.helix.testkit.MockLlmMain\`, \`${MOCK_FLAGS[*]}\`); peers in the same run: ${peers} (\`socat TCP-LISTEN:P,bind=127.0.0.1,fork,reuseaddr,nodelay TCP:127.0.0.1:MOCK,nodelay\`, the floor of any extra hop). The body is \`{"model":"fast","messages":[{"role":"user","content":"Hello"}]}\` (plus \`"stream":true\` for streams; Helix is called with the admin key as bearer token). All traffic on 127.0.0.1, every process on the same machine.

### Added latency, sequential

\`dev.helix.bench.GatewayOverhead\` (helix-bench; one keep-alive TCP_NODELAY connection per path, a hand-written HTTP/1.1 client, the same for every path): against the mock with no latency, ${WARMUP_REQUESTS} warm-up requests per path, then ${ROUNDS} rounds; in each round, per target, ${PER_ROUND} requests straight to the mock then ${PER_ROUND} through the target. Added = target's median (or p99) minus the mock's in the same round; the table gives the median of the ${ROUNDS} rounds (with ${PER_ROUND} requests a round's p99 is its slowest request).

Right after start (fresh processes: the JIT has compiled little of Helix's path yet):

${COLD_MD}
EOF
    if [[ -n $WARM_MD ]]; then
        cat <<EOF

The same procedure after ${CONDITION} unmeasured complete and $((CONDITION / 5)) streamed requests through Helix and Portkey (streams from a second mock that sends its chunks back to back), i.e. the steady state of a gateway that has been serving for a while:

${WARM_MD}
EOF
    fi
    cat <<EOF

### Streaming

The same tool with \`--mode stream\` (after the measurements above): the mock sends ${CHUNKS} chunks ${CHUNK_SPACING_MS} ms apart plus a first (role) and a last (finish) chunk; time to first event = from writing the request to the first \`data:\` event; gaps = between consecutive \`data:\` events (\`[DONE]\` excluded). Same rounds; added = through the target minus direct, median over rounds.

${STREAM_MD}

### Open-loop load, ${UPSTREAM_MS} ms upstream

\`dev.helix.bench.GatewayLoad\` (helix-bench, \`${LOAD_TOOL_FLAGS[*]}\`): requests due at fixed times (rate per second, regardless of answers), one virtual thread each, over pre-opened keep-alive connections (rate × (${UPSTREAM_MS} + 100) ms, plus 100); latency from the due time (no coordinated omission), minus the mock's ${UPSTREAM_MS} ms; ${LOAD_WARMUP} s sent first and not counted, then ${LOAD_SECONDS} s measured; timeout ${REQUEST_TIMEOUT_MS} ms per request. The mock (\`${LOAD_MOCK_FLAGS[*]}\`, \`--latency-ms ${UPSTREAM_MS}\`) is measured directly at each rate first, as the baseline; Helix is restarted (same flags) and warmed up with 1,000 sequential requests before each of its runs. CPU = CPU seconds of each process over the run's wall time, connection set-up and drain included (2 = both cores busy); Helix RSS = largest \`VmRSS\` sampled every 200 ms during the run / \`VmHWM\` (peak resident since its start) after it. Helix RSS right after its first start: ${RSS_START} MiB.

| Target | Offered req/s | Requests measured | Succeeded | Success rate | Succeeded/s | Added p50 / p90 / p99 / p99.9 (ms) | Added max (ms) | Connections reopened | Started >10 ms late | Failures | CPU: load tool | CPU: mock | CPU: Helix | Helix RSS max / VmHWM (MiB) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |
${LOAD_ROWS%$'\n'}

### Server log

$(print_log_section)
EOF
}

main() {
    machine_facts
    ensure_tools
    raise_file_limit
    build_once
    measure_all
    print_report
}

main "$@"
