#!/usr/bin/env bash
# Runs three Helix nodes on loopback that share one PostgreSQL and one Redis, and measures them as one cluster with
# dev.helix.bench.ClusterProbe: a state write on one node pushed to WebSocket clients on the others, an agent message
# posted on one node taken by a long poll on another (through PostgreSQL LISTEN/NOTIFY), and a kill -9 of one node in
# the middle of a stream of state writes and messages sent round-robin to the nodes, after which the node is
# restarted and every acknowledged write and message must be there. Prints a Markdown report on stdout, ready to
# paste into BENCHMARKS.md; progress goes to stderr.
#
#   bench/cluster.sh > /tmp/cluster.md                                        full run (about 3 minutes)
#   BENCH_CHANGES=100 BENCH_MESSAGES=100 BENCH_COUNT=2000 bench/cluster.sh    quick run
#
# Environment:
#   BENCH_POSTGRES       PostgreSQL database the nodes share, in a fresh schema (default
#                        postgresql://postgres@127.0.0.1:5432/test)
#   BENCH_REDIS          Redis the nodes share, under a fresh key prefix (default redis://127.0.0.1:6379/0)
#   BENCH_CHANGES        state writes timed from one node to the WebSocket clients on the others (default 500)
#   BENCH_INTERVAL_MS    milliseconds between two of those writes (default 20)
#   BENCH_MESSAGES       messages timed from a post on one node to a long poll on another (default 500)
#   BENCH_COUNT          state writes and messages (half each) in the stream a node is killed in (default 10000)
#   BENCH_STREAM_THREADS threads sending that stream (default 4)
#   BENCH_READY_TIMEOUT  seconds to wait for a node's /health/ready before giving up (default 30)
#   BENCH_STEP_TIMEOUT   seconds one step of the probe may run before it is stopped (default 300)
#
# Needs curl, ss, psql and redis-cli. Talks to 127.0.0.1 only. Each node gets a fresh data dir; the schema, the
# Redis keys under the prefix and the data dirs are deleted on exit, whatever happens.
set -euo pipefail
shopt -s inherit_errexit

POSTGRES=${BENCH_POSTGRES:-postgresql://postgres@127.0.0.1:5432/test}
REDIS=${BENCH_REDIS:-redis://127.0.0.1:6379/0}
CHANGES=${BENCH_CHANGES:-500}
INTERVAL_MS=${BENCH_INTERVAL_MS:-20}
MESSAGES=${BENCH_MESSAGES:-500}
COUNT=${BENCH_COUNT:-10000}
STREAM_THREADS=${BENCH_STREAM_THREADS:-4}
STEP_TIMEOUT=${BENCH_STEP_TIMEOUT:-300}
NODES=3
VICTIM=2
TOOL_HEAP=512m

# log, server control and the settings the scripts share
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init cluster helix-cluster-bench

SCHEMA="helix_bench_$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PREFIX="helix-bench:${SCHEMA#helix_bench_}"
KEY=$(make_key)
STREAM_PID=""
declare -a PORTS=() PIDS=()

# Called by cleanup (bench/lib.sh) on exit; $1 is the exit status. SERVER_PID is the last node started.
before_stop() {
    if (($1 != 0)); then
        local n
        for n in $(seq 1 "$NODES"); do
            [[ -s $WORK/node-$n.log ]] || continue
            log "the run failed; node $n's log ends with:"
            tail -n 15 "$WORK/node-$n.log" >&2 || true
        done
    fi
    if [[ -n $STREAM_PID ]] && is_running "$STREAM_PID"; then
        # the stream's timeout (which passes the signal on to the probe), then its subshell
        pkill -TERM -P "$STREAM_PID" 2>/dev/null || true
        kill -TERM "$STREAM_PID" 2>/dev/null || true
    fi
    stop_nodes
    psql -q "$POSTGRES" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
    redis-cli -u "$REDIS" --scan --pattern "$PREFIX:*" | xargs -r redis-cli -u "$REDIS" del >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------------------------- setup

ensure_tools() {
    check_curl_and_ss
    command -v psql >/dev/null || die "psql is required (apt-get install postgresql-client)"
    command -v redis-cli >/dev/null || die "redis-cli is required (apt-get install redis-tools)"
    psql -q "$POSTGRES" -c "CREATE SCHEMA $SCHEMA" >/dev/null || die "cannot create a schema in $POSTGRES"
    [[ $(redis-cli -u "$REDIS" ping 2>/dev/null) == PONG ]] || die "Redis at $REDIS does not answer"
}

# Starts node $1 (on its port if it had one: a restart keeps it) and waits until it is ready.
start_node() {
    local n=$1
    local data="$WORK/data-$n"
    mkdir -p "$data"
    SERVER_PORT=${PORTS[n]:-$(free_port)}
    SERVER_LOG="$WORK/node-$n.log"
    START_NS=$(now_ns)
    env HELIX_ADMIN_KEY="$KEY" HELIX_NODE_ID="node-$n" HELIX_ACCESS_LOG=false HELIX_LIMITS_ENABLED=false \
        HELIX_DATABASE_URL="$POSTGRES?currentSchema=$SCHEMA" HELIX_REDIS_URL="$REDIS" \
        HELIX_CACHE_REDIS_PREFIX="$PREFIX:cache" \
        ./helix serve --port "$SERVER_PORT" --data-dir "$data" >>"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    PORTS[n]=$SERVER_PORT
    PIDS[n]=$SERVER_PID
    wait_ready
    log "node $n ready on port $SERVER_PORT in $READY_MS ms"
}

stop_nodes() {
    local n
    for n in "${!PIDS[@]}"; do
        SERVER_PID=${PIDS[n]}
        stop_server
    done
    PIDS=()
}

node_urls() {
    local n urls=()
    for n in $(seq 1 "$NODES"); do
        urls+=("http://$HOST:${PORTS[n]}")
    done
    (IFS=,; echo "${urls[*]}")
}

# Runs one step of the probe ($1, then its options), bounded by STEP_TIMEOUT; its rows go to stdout.
probe() {
    HELIX_BENCH_KEY=$KEY timeout "$STEP_TIMEOUT" "$JAVA_BIN" -Xmx$TOOL_HEAP \
        -cp "$TOOL_JAR:helix-bench/target/libs/*" dev.helix.bench.ClusterProbe "$@" --nodes "$(node_urls)"
}

# ---------------------------------------------------------------------------------------------- measurements

measure_latencies() {
    log "write on one node → WebSocket clients on the two others: $CHANGES writes, one every $INTERVAL_MS ms ..."
    PUSH_ROW=$(probe push --changes "$CHANGES" --interval-ms "$INTERVAL_MS") || PUSH_STATUS=$?
    log "message posted on one node → long poll on another: $MESSAGES messages ..."
    MESSAGE_ROW=$(probe messages --messages "$MESSAGES") || MESSAGE_STATUS=$?
}

# Sends the stream in the background, kills node VICTIM with SIGKILL once a third of it is acknowledged, lets the
# stream finish, restarts the node and checks what was acknowledged.
measure_crash() {
    local acks="$WORK/acks.txt" waited=0 victim_pid
    : >"$acks"
    log "stream of $COUNT state writes and messages round-robin to the nodes; kill -9 of node $VICTIM at a third ..."
    probe stream --count "$COUNT" --threads "$STREAM_THREADS" --acks "$acks" >"$WORK/stream.md" &
    STREAM_PID=$!
    while (($(wc -l <"$acks") < COUNT / 3)); do
        is_running "$STREAM_PID" || die "the stream ended before a third of it was acknowledged"
        ((waited++ < STEP_TIMEOUT * 20)) || die "a third of the stream was not acknowledged in $STEP_TIMEOUT s"
        sleep 0.05
    done
    victim_pid=${PIDS[VICTIM]}
    KILLED_AT=$(wc -l <"$acks")
    kill -KILL "$victim_pid"
    wait "$victim_pid" 2>/dev/null || true
    unset "PIDS[VICTIM]"
    log "node $VICTIM killed after $KILLED_AT acknowledgements; waiting for the stream to end ..."
    wait "$STREAM_PID" || die "the stream failed"
    STREAM_PID=""
    STREAM_ROWS=$(cat "$WORK/stream.md")
    log "restarting node $VICTIM on port ${PORTS[VICTIM]} ..."
    start_node "$VICTIM"
    RESTART_MS=$READY_MS
    log "checking that every acknowledged write and message is there ..."
    CHECK_ROWS=$(probe check --acks "$acks") || CHECK_STATUS=$?
}

# ---------------------------------------------------------------------------------------------- report

print_report() {
    cat <<EOF
## Cluster: three nodes on one PostgreSQL and one Redis

$(print_run_facts)
- Nodes: three \`./helix serve\` processes on 127.0.0.1, each with its own data dir, sharing PostgreSQL
  (\`$POSTGRES\`, a fresh schema) and Redis (\`$REDIS\`, a fresh key prefix); rate limits off, access log off.
  The probe (\`dev.helix.bench.ClusterProbe\`, one more JVM) runs on the same machine.

### Cross-node latency

Push: $CHANGES state patches, one every $INTERVAL_MS ms, written on each node in turn; a WebSocket client on every
node follows the \`state\` topic, and each write is timed to its arrival at the clients on the two other nodes.
Messages: $MESSAGES agent messages, one at a time, each posted on one node while a long poll (\`wait=10s\`) waits on
the next; timed from the post to the long poll's answer. The long poll is woken through PostgreSQL
(\`LISTEN/NOTIFY\`), not Redis.

| Measure | samples | p50 ms | p99 ms | max ms | missing |
| --- | ---: | ---: | ---: | ---: | ---: |
$PUSH_ROW
$MESSAGE_ROW

### kill -9 of one node

$COUNT operations, alternately a state patch (\`If-Match: *\`) and an agent message, sent round-robin to the three
nodes by $STREAM_THREADS threads. Node $VICTIM got SIGKILL after $KILLED_AT acknowledgements (2xx answers); the
stream went on against the two others (the dead node's share failed to connect), then node $VICTIM was restarted
(ready in $RESTART_MS ms) and the mailbox drained through all three nodes.

| Sent | sent | acknowledged (2xx) | refused (other status) | no answer (node dead) |
| --- | ---: | ---: | ---: | ---: |
$STREAM_ROWS

| After the restart | present | missing | other |
| --- | --- | --- | --- |
$CHECK_ROWS
EOF
}

main() {
    ensure_tools
    build_once
    machine_facts
    local n
    for n in $(seq 1 "$NODES"); do
        start_node "$n"
    done
    java_facts "${PIDS[1]}"
    PUSH_STATUS=0 MESSAGE_STATUS=0 CHECK_STATUS=0
    measure_latencies
    measure_crash
    print_report
    if ((PUSH_STATUS != 0 || MESSAGE_STATUS != 0 || CHECK_STATUS != 0)); then
        die "a step found something missing or failed (push $PUSH_STATUS, messages $MESSAGE_STATUS, check $CHECK_STATUS)"
    fi
}

main "$@"
