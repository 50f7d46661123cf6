# Shared functions of the benchmark scripts (bench/foundation.sh, bench/core.sh): logging, prerequisites, starting
# and stopping a server on loopback, wrk throughput rows and the machine facts of the report.
#
# This file is sourced, not run: a script sources it after its own settings, then calls bench_init once before
# anything else. A script that needs more done on exit defines before_stop (see cleanup).
# shellcheck shell=bash

# The repository root (this file is in bench/); bench_init makes it the working directory.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Settings both scripts take from the environment (documented in their headers).
DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-5s}
THREADS=${BENCH_THREADS:-1}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
READY_TIMEOUT=${BENCH_READY_TIMEOUT:-30}
STOP_TIMEOUT=15
HOST=127.0.0.1

log() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ns() { date +%s%N; }

# Sets BENCH_NAME (the prefix of the log lines) to $1, changes to ROOT, creates the work dir $WORK (named after $2)
# and installs the traps that stop the server and delete WORK on any exit.
bench_init() {
    BENCH_NAME=$1
    cd "$ROOT"
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")
    SERVER_PID=""
    SERVER_PORT=""
    SERVER_LOG=""
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# The EXIT trap: runs the script's before_stop (if it has one) with the exit status, stops the server, deletes WORK.
cleanup() {
    local status=$?
    if declare -F before_stop >/dev/null; then
        before_stop "$status"
    fi
    stop_server
    rm -rf "$WORK"
}

# ---------------------------------------------------------------------------------------------- prerequisites

check_curl_and_ss() {
    command -v curl >/dev/null || die "curl is required"
    command -v ss >/dev/null || die "ss (iproute2) is required"
}

ensure_wrk() {
    command -v wrk >/dev/null && return 0
    [[ $(id -u) -eq 0 ]] || die "wrk is missing: install it (apt-get install wrk) or run as root"
    log "installing wrk ..."
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y wrk >&2; then
        apt-get update >&2 && apt-get install -y wrk >&2 || die "could not install wrk"
    fi
}

# Builds helix-bench (and what it needs); sets TOOL_JAR and JAVA_BIN, the JDK's java that runs it.
build_helix_bench() {
    ./mvnw -q -B -pl helix-bench -am package -DskipTests >&2 || die "could not build helix-bench"
    TOOL_JAR=$(ls helix-bench/target/helix-bench-*.jar | head -n 1)
    JAVA_BIN=$(. .mvn/find-jdk.sh && helix_find_jdk)/bin/java
}

# ---------------------------------------------------------------------------------------------- server control

# Prints a TCP port on loopback that nothing uses, below the kernel's ephemeral range (so no outgoing connection can
# take it between this check and the server binding it).
free_port() {
    local port attempt low
    low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
    ((low > 12000)) || low=32768
    for attempt in $(seq 1 100); do
        port=$((10000 + RANDOM % (low - 10000)))
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

# Polls /health/ready about every 5 ms; sets READY_MS to the milliseconds from START_NS (set by the script's
# start_server just before it spawns the server) to the first 200.
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

# Sets JAVA_VERSION and JAVA_FLAGS (the JVM options before -jar) of the java process $1.
java_facts() {
    JAVA_VERSION=$("$(readlink "/proc/$1/exe")" -version 2>&1 | head -n 2 | paste -sd';' | sed 's/;/; /')
    JAVA_FLAGS=$(tr '\0' '\n' <"/proc/$1/cmdline" | sed -n '2,/^-jar$/p' | grep -v '^-jar$' | paste -sd' ')
}

# ---------------------------------------------------------------------------------------------- measurements

# Prints a latency figure from wrk (e.g. 812.00us, 1.23ms, 1.01s, 2.00m) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000
        else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000
        else if (u != "ms") { print "?"; exit }
        printf "%.2f", n }'
}

# Runs wrk on path $1 (warm-up, then measurement), with the admin key $KEY if $2 is "auth", and appends one
# Markdown table row to ROWS, labelled with $3 (default: the path).
throughput_row() {
    local headers=()
    [[ ${2:-} == auth ]] && headers=("Authorization: Bearer $KEY")
    wrk_row "${3:-"\`GET $1\`"}" "$1" "${headers[@]}"
}

# Runs wrk on path $2 of the server with the request headers that follow (warm-up, then measurement), appends one
# Markdown table row labelled $1 to ROWS, and sets RPS; warns when answers were not 2xx/3xx.
wrk_row() {
    local label=$1 path=$2
    shift 2
    local headers=() h url="http://$HOST:$SERVER_PORT$path"
    for h in "$@"; do
        headers+=(-H "$h")
    done
    local out="$WORK/wrk-$RANDOM.txt"
    log "wrk $label: warm-up $WARMUP, then $DURATION ..."
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${headers[@]}" "$url" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${headers[@]}" "$url" >"$out"
    local p50 p99 total non2xx errors
    RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    total=$(awk '/ requests in / { print $1 }' "$out")
    non2xx=$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' "$out")
    errors=$(awk '/Socket errors:/ { s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s }' "$out")
    [[ -n $RPS && -n $total ]] || { cat "$out" >&2; die "could not parse wrk output for $path (above)"; }
    [[ ${non2xx:-0} == 0 ]] || log "warning: $non2xx answers to $label were not 2xx/3xx: that row measures errors"
    ROWS+="| $label | $RPS | $p50 | $p99 | $total | ${non2xx:-0} | ${errors:-0} |"$'\n'
}

# ---------------------------------------------------------------------------------------------- report

# Sets DATE, CPUS, MEM_GIB, CPU_MODEL and LOAD; warns when the machine is already busy.
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

# The report lines that say when, on what machine and Java, and from which source tree a run was made (machine_facts
# and java_facts set them), for a report's heredoc: $(print_run_facts).
print_run_facts() {
    cat <<EOF
- Date: $DATE
- Machine: ${CPUS} CPUs (${CPU_MODEL:-unknown model}), ${MEM_GIB} GiB RAM (\`free -g\` total), load average at start ${LOAD}
- Java: ${JAVA_VERSION}
- Helix: ${HELIX_VERSION}; source tree at ${SOURCE_COMMIT} (\`git rev-parse HEAD\` where the script ran)
- JVM flags (from \`./helix\`): \`${JAVA_FLAGS}\`
EOF
}

# A throwaway admin key: hx_ and 43 random letters and digits.
make_key() {
    local raw
    raw=$(head -c 1024 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
    ((${#raw} >= 43)) || die "could not make a random key"
    echo "hx_${raw:0:43}"
}

# Builds the benchmark tools and the server if needed and records the version and commit measured (the
# scripts' own builds may differ: they define build_once after sourcing this file).
build_once() {
    log "building helix-bench and the server if needed (not measured) ..."
    build_helix_bench
    # after the Maven build, so the launcher's start-up cache is recorded for the jar that will run
    ./helix train || die "./helix train (the start-up cache) failed; fix the build first"
    HELIX_VERSION=$(./helix version) || die "./helix version failed; fix the build first"
    SOURCE_COMMIT=unknown
    if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
        SOURCE_COMMIT=$(git -C "$ROOT" rev-parse --short=12 HEAD)
        [[ -z $(git -C "$ROOT" status --porcelain --untracked-files=no) ]] || SOURCE_COMMIT+=" with uncommitted changes"
    fi
}

# The server log's WARN/ERROR lines for a report (LOG_PROBLEMS and LOG_EXAMPLES set by scan_server_log).
print_log_section() {
    if ((LOG_PROBLEMS == 0)); then
        echo "No WARN or ERROR lines in the server log."
        return 0
    fi
    echo "The server logged ${LOG_PROBLEMS} WARN/ERROR line(s); the first ones:"
    echo
    echo '```'
    printf '%s\n' "$LOG_EXAMPLES"
    echo '```'
}

# Prints the end of the server log to stderr when the run failed; $1 is the exit status.
print_server_log_tail() {
    if (($1 != 0)) && [[ -s ${SERVER_LOG:-} ]]; then
        log "the run failed; the server log ends with:"
        tail -n 30 "$SERVER_LOG" >&2 || true
    fi
}
