# Finds a JDK 21 or newer for Helix's scripts (./helix, ./mvnw). Source it, then call helix_find_jdk.
# Order: $JAVA_HOME if it is 21+, then the newest 21+ JDK under $HELIX_JDK_SEARCH_DIR (default
# /usr/lib/jvm), then the `java` on PATH if it is 21+. Prints the JDK home, or explains and returns 1.

HELIX_MIN_JAVA=21

# Prints the major version of the JDK at $1 (a JDK home), or nothing if it has no runnable java.
helix_jdk_major() {
    [ -x "$1/bin/java" ] || return 0
    if [ -f "$1/release" ] && grep -q '^JAVA_VERSION=' "$1/release"; then
        sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1 | sed 's/^1$/8/'
        return 0
    fi
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\)\(\.[^"]*\)\{0,1\}".*/\1/p' | head -n 1 | sed 's/^1$/8/'
}

helix_is_usable_jdk() {
    major=$(helix_jdk_major "$1")
    [ -n "$major" ] && [ "$major" -ge "$HELIX_MIN_JAVA" ]
}

helix_find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && helix_is_usable_jdk "$JAVA_HOME"; then
        printf '%s\n' "$JAVA_HOME"
        return 0
    fi
    best=$(find "${HELIX_JDK_SEARCH_DIR:-/usr/lib/jvm}" -mindepth 1 -maxdepth 1 2>/dev/null | sort | while read -r home; do
        major=$(helix_jdk_major "$home")
        if [ -n "$major" ] && [ "$major" -ge "$HELIX_MIN_JAVA" ]; then printf '%s %s\n' "$major" "$home"; fi
    done | sort -n -k1,1 | tail -n 1 | cut -d' ' -f2-)
    if [ -n "$best" ]; then
        printf '%s\n' "$best"
        return 0
    fi
    if command -v java >/dev/null 2>&1; then
        home=$(cd "$(dirname "$(readlink -f "$(command -v java)")")/.." && pwd)
        if helix_is_usable_jdk "$home"; then
            printf '%s\n' "$home"
            return 0
        fi
    fi
    echo "Helix needs JDK $HELIX_MIN_JAVA or newer: JAVA_HOME (${JAVA_HOME:-unset}) is not one, none was found under ${HELIX_JDK_SEARCH_DIR:-/usr/lib/jvm}, and 'java' on PATH is older. Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
    return 1
}
