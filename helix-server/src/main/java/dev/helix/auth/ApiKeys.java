package dev.helix.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.helix.access.Principal;
import dev.helix.access.Role;
import dev.helix.events.EventLog;
import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import dev.helix.http.Authenticator;
import dev.helix.internal.Ids;
import dev.helix.storage.Database;
import dev.helix.storage.DatabaseKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys: creating, listing, revoking, and checking a bearer token on every request.
 *
 * <p>Implementation notes: a check never waits on the database once a key has been seen — results (including
 * "no such key") are cached by hash for {@link #CHECK_CACHE_TTL}. Revoking on this node drops the cached entry at
 * once; another process or node sharing the database sees a revocation within that TTL. Use times are kept in
 * memory and written in one batch by {@link #flushUsage()}, which the server calls every few seconds and at stop.
 * Limits ({@link #limits}) are cached the same way, refreshed in the background after {@link #CHECK_CACHE_TTL} so
 * the gateway's hot path reads the database only the first time it sees a key.
 */
public final class ApiKeys implements Authenticator {
    /** How long a token check is remembered. */
    public static final Duration CHECK_CACHE_TTL = Duration.ofSeconds(5);
    /** The longest owner name accepted. */
    public static final int MAX_NAME_LENGTH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    private final ApiKeyStore store;
    private final EventLog log;
    private final Clock clock;
    private final Ids ids;
    private final Cache<String, Optional<Principal>> checks;
    private final LoadingCache<String, KeyLimits> limits;
    private final Map<String, Long> pendingUse = new ConcurrentHashMap<>();

    /** Keys whose changes write their events to a log that publishes nothing (the command line, tests). */
    public ApiKeys(Database database, Clock clock) {
        this(database, clock, EventLog.writerOnly(database));
    }

    /** Keys whose creations and revocations are written to {@code log} with the change. */
    public ApiKeys(Database database, Clock clock, EventLog log) {
        this.log = log;
        this.store = new ApiKeyStore(database.jdbi(), database.kind() == DatabaseKind.POSTGRESQL);
        this.clock = clock;
        this.ids = new Ids(clock);
        this.checks = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(CHECK_CACHE_TTL)
                .build();
        this.limits = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(CHECK_CACHE_TTL)
                .expireAfterAccess(Duration.ofMinutes(10))
                .build(id -> store.findById(id).map(ApiKey::limits).orElse(KeyLimits.NONE));
    }

    /** Creates a key without limits; the returned secret is shown once and never stored. */
    public CreatedKey create(String name, Role role) {
        return create(name, role, KeyLimits.NONE);
    }

    /** Creates a key with {@code limits}; the returned secret is shown once and never stored. */
    public CreatedKey create(String name, Role role, KeyLimits limits) {
        return create(name, role, limits, null);
    }

    /** Creates a key with {@code limits} on behalf of key {@code actor} (null: Helix itself or an operator). */
    public CreatedKey create(String name, Role role, KeyLimits limits, @Nullable String actor) {
        return insert(validName(name), role, KeySecrets.generate(), limits, actor);
    }

    /**
     * The limits of key {@code keyId} ({@link KeyLimits#NONE} if it has none or does not exist). Cached: a change
     * made on this node applies at once, one made elsewhere within about {@link #CHECK_CACHE_TTL}.
     */
    public KeyLimits limits(String keyId) {
        return limits.get(keyId);
    }

    /** Replaces the limits of a key (revoked or not) and returns it; throws {@link KeyNotFoundException}. */
    public ApiKey updateLimits(String id, KeyLimits newLimits) {
        if (!store.updateLimits(id, newLimits == null ? KeyLimits.NONE : newLimits)) {
            throw new KeyNotFoundException(id);
        }
        limits.invalidate(id);
        ApiKey key = get(id);
        LOG.info(
                "API key {} ({}) limits set to {}", id, key.name(), key.limits().describe());
        return key;
    }

    /** All keys, oldest first, revoked ones included. */
    public List<ApiKey> list() {
        return store.list();
    }

    public ApiKey get(String id) {
        return store.findById(id).orElseThrow(() -> new KeyNotFoundException(id));
    }

    /**
     * Revokes a key; revoking a revoked key changes nothing. Refuses to revoke the last active admin key, which
     * would leave nobody able to manage keys over HTTP.
     */
    public ApiKey revoke(String id) {
        return revoke(id, null);
    }

    /** Revokes a key, like {@link #revoke(String)}, on behalf of key {@code actor} (null: an operator). */
    public ApiKey revoke(String id, @Nullable String actor) {
        ApiKey key = get(id);
        if (!key.active()) {
            return key;
        }
        Instant at = clock.instant();
        NewEvent event =
                new NewEvent(EventTypes.KEYS_REVOKED, EventTypes.KEYS, actor, Map.of("id", id, "name", key.name()), at);
        long eventId = store.revokeKeepingAnAdmin(id, at, log, event);
        if (eventId == 0) {
            throw InvalidKeyRequestException.conflict(
                    "key '" + id + "' is the last active admin key; create " + "another admin key before revoking it");
        }
        log.published(eventId);
        store.hashOf(id).ifPresent(checks::invalidate);
        LOG.info("API key {} ({}) revoked", id, key.name());
        return get(id);
    }

    /** The principal a bearer token stands for, if it is an active key. */
    @Override
    public Optional<Principal> authenticate(String token) {
        if (!KeySecrets.isWellFormed(token)) {
            return Optional.empty();
        }
        Optional<Principal> principal = checks.get(
                KeySecrets.hash(token),
                hash -> store.findByHash(hash).filter(ApiKey::active).map(ApiKey::principal));
        principal.ifPresent(p -> pendingUse.put(p.keyId(), clock.millis()));
        return principal;
    }

    /**
     * Makes sure an admin can get in: installs {@code configuredAdminKey} if given and not yet stored, or, when no
     * key exists at all, generates an admin key. Returns the generated secret, to be shown once.
     */
    public Optional<String> bootstrap(Optional<String> configuredAdminKey) {
        if (configuredAdminKey.isPresent()) {
            String secret = configuredAdminKey.get();
            Optional<ApiKey> existing = store.findByHash(KeySecrets.hash(secret));
            if (existing.isEmpty()) {
                insert("admin (HELIX_ADMIN_KEY)", Role.ADMIN, secret, KeyLimits.NONE, null);
                LOG.info("Installed the configured admin key (auth.adminKey)");
            } else if (!existing.get().active()) {
                LOG.warn(
                        "The configured admin key (auth.adminKey) was revoked as {}; it stays revoked",
                        existing.get().id());
            }
            return Optional.empty();
        }
        if (store.count() > 0) {
            return Optional.empty();
        }
        return Optional.of(insert("admin", Role.ADMIN, KeySecrets.generate(), KeyLimits.NONE, null)
                .secret());
    }

    /** Writes pending last-used times to the database. */
    public void flushUsage() {
        if (pendingUse.isEmpty()) {
            return;
        }
        Map<String, Long> batch = new HashMap<>();
        pendingUse.keySet().forEach(id -> {
            Long at = pendingUse.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        });
        store.recordUse(batch);
    }

    private CreatedKey insert(String name, Role role, String secret, KeyLimits keyLimits, @Nullable String actor) {
        ApiKey key = new ApiKey(
                ids.next("key"),
                name,
                role,
                KeySecrets.shownPrefix(secret),
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                null,
                null,
                keyLimits);
        NewEvent event = new NewEvent(
                EventTypes.KEYS_CREATED,
                EventTypes.KEYS,
                actor,
                Map.of("id", key.id(), "name", name, "role", role.id()),
                key.createdAt());
        log.published(store.insert(key, KeySecrets.hash(secret), log, event));
        return new CreatedKey(key, secret);
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw InvalidKeyRequestException.invalid("name is required: who or what the key is for, e.g. 'alice'");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw InvalidKeyRequestException.invalid(
                    "name is " + trimmed.length() + " characters; at most " + MAX_NAME_LENGTH + " are allowed");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw InvalidKeyRequestException.invalid("name must not contain control characters");
        }
        return trimmed;
    }
}
