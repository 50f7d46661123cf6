package dev.helix.config;

import dev.helix.internal.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link HelixConfig} from defaults, then {@code helix.yaml}, then {@code HELIX_*} environment
 * variables, then command-line flags — each layer overriding the one before — and validates it once.
 */
public final class ConfigLoader {
    /** The file read when no {@code --config} is given, if it exists in the working directory. */
    public static final String DEFAULT_FILE = "helix.yaml";
    /** The environment variable that names the config file when no {@code --config} is given. */
    public static final String CONFIG_ENV = "HELIX_CONFIG";

    private static final java.util.Set<String> KNOWN =
            ConfigKeys.ALL.stream().map(ConfigKey::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** A raw value and where it came from. */
    public record Value(String text, ConfigSource source) {}

    private @Nullable Path file;
    private boolean fileExplicit;
    private boolean noFile;
    private Map<String, String> env = System.getenv();
    private final List<Map.Entry<String, Value>> flags = new ArrayList<>();

    private ConfigLoader() {}

    public static ConfigLoader builder() {
        return new ConfigLoader();
    }

    /** Reads this file (it must exist). Without it, {@code $HELIX_CONFIG} or {@code ./helix.yaml} if present. */
    public ConfigLoader file(@Nullable Path configFile) {
        this.file = configFile;
        this.fileExplicit = configFile != null;
        this.noFile = false;
        return this;
    }

    /** Reads no config file at all: only the defaults, the environment and the flags. */
    public ConfigLoader withoutFile() {
        this.file = null;
        this.fileExplicit = false;
        this.noFile = true;
        return this;
    }

    /** The environment to read {@code HELIX_*} variables from (default: the process environment). */
    public ConfigLoader env(Map<String, String> environment) {
        this.env = Map.copyOf(environment);
        return this;
    }

    /** A value given on the command line for key {@code name}, shown in errors as {@code label}. */
    public ConfigLoader flag(String name, String value, String label) {
        flags.add(Map.entry(name, new Value(value, ConfigSource.flag(label))));
        return this;
    }

    /** Merges the layers and validates every value; throws {@link ConfigException} on the first bad one. */
    public LoadedConfig load() {
        Map<String, Value> values = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            key.defaultValue().ifPresent(d -> values.put(key.name(), new Value(d, ConfigSource.DEFAULT)));
        }
        List<String> warnings = new ArrayList<>();
        Path watched = noFile ? null : configFile();
        Optional<Path> configFile =
                watched == null || !Files.isRegularFile(watched) ? Optional.empty() : Optional.of(watched);
        configFile.ifPresent(f -> putAll(values, RenamedKeys.underNewNames(YamlConfigFile.read(f, env), warnings)));
        putAll(values, fromEnvironment());
        putAll(values, RenamedKeys.underNewNames(fromFlags(), warnings));
        return new LoadedConfig(build(values, watched), values, configFile, warnings);
    }

    /** The flags as one layer; a key given twice takes its last value. */
    private Map<String, Value> fromFlags() {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> flag : flags) {
            out.put(flag.getKey(), flag.getValue());
        }
        return out;
    }

    /**
     * The config file: the one named by {@code --config} or {@code $HELIX_CONFIG} (which must exist), else
     * {@code ./helix.yaml}, which may not exist yet (Helix picks it up when it is created).
     */
    private Path configFile() {
        Path explicit = file;
        if (fileExplicit && explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new ConfigException("config file " + explicit + " (from flag --config) does not exist");
            }
            return explicit;
        }
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Path.of(fromEnv);
            if (!Files.isRegularFile(p)) {
                throw new ConfigException(
                        "config file " + p + " (from environment variable " + CONFIG_ENV + ") does not exist");
            }
            return p;
        }
        return Path.of(DEFAULT_FILE);
    }

    private Map<String, Value> fromEnvironment() {
        Map<String, Value> out = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String variable = key.env();
            String v = variable == null ? null : env.get(variable);
            if (variable != null && v != null) {
                out.put(key.name(), new Value(v, ConfigSource.env(variable)));
            }
        }
        new TreeMap<>(env).forEach((name, v) -> {
            if (name.startsWith(ConfigKeys.FEATURE_ENV_PREFIX)) {
                String feature = name.substring(ConfigKeys.FEATURE_ENV_PREFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '-');
                out.put(ConfigKeys.FEATURES + "." + feature, new Value(v, ConfigSource.env(name)));
            }
        });
        return out;
    }

    private static void putAll(Map<String, Value> values, Map<String, Value> layer) {
        layer.forEach((name, value) -> {
            if (!KNOWN.contains(name) && !name.startsWith(ConfigKeys.FEATURES + ".")) {
                throw unknownKey(name, value.source());
            }
            values.put(name, value);
        });
    }

    private static ConfigException unknownKey(String name, ConfigSource source) {
        String closest = Suggestions.closest(
                        name, ConfigKeys.ALL.stream().map(ConfigKey::name).toList())
                .orElseThrow();
        return new ConfigException("invalid configuration: unknown key '" + name + "' (from " + source
                + "); did you mean '" + closest + "'? Every key is listed in helix.reference.yaml");
    }

    private static HelixConfig build(Map<String, Value> values, @Nullable Path configFile) { // null: none
        return new HelixConfig(
                new HelixConfig.Server(
                        get(values, ConfigKeys.HOST),
                        get(values, ConfigKeys.PORT),
                        get(values, ConfigKeys.MAX_BODY_SIZE),
                        get(values, ConfigKeys.SHUTDOWN_GRACE),
                        get(values, ConfigKeys.NODE_ID),
                        get(values, ConfigKeys.REQUEST_HEADERS_TIMEOUT),
                        get(values, ConfigKeys.REQUEST_BODY_TIMEOUT),
                        get(values, ConfigKeys.IDLE_TIMEOUT),
                        get(values, ConfigKeys.HTTP2),
                        get(values, ConfigKeys.COMPRESSION),
                        get(values, ConfigKeys.COMPRESSION_MIN_SIZE),
                        get(values, ConfigKeys.COMPRESSION_LEVEL)),
                new HelixConfig.Storage(
                        get(values, ConfigKeys.DATA_DIR),
                        get(values, ConfigKeys.DATABASE_URL),
                        get(values, ConfigKeys.DATABASE_USER),
                        get(values, ConfigKeys.DATABASE_PASSWORD),
                        get(values, ConfigKeys.POOL_SIZE),
                        get(values, ConfigKeys.BUSY_TIMEOUT),
                        get(values, ConfigKeys.AGENTS_DIR)),
                new HelixConfig.Redis(get(values, ConfigKeys.REDIS_URL)),
                new HelixConfig.Auth(get(values, ConfigKeys.ADMIN_KEY), get(values, ConfigKeys.PUBLIC_METRICS)),
                new HelixConfig.Logging(
                        get(values, ConfigKeys.LOG_FORMAT),
                        get(values, ConfigKeys.LOG_LEVEL),
                        get(values, ConfigKeys.ACCESS_LOG)),
                features(values),
                Optional.ofNullable(configFile).map(Path::toAbsolutePath),
                new HelixConfig.State(
                        get(values, ConfigKeys.STATE_MAX_SIZE),
                        get(values, ConfigKeys.STATE_MAX_DEPTH),
                        get(values, ConfigKeys.STATE_HISTORY),
                        get(values, ConfigKeys.STATE_FILE),
                        get(values, ConfigKeys.STATE_WRITE_ROLE)),
                new HelixConfig.Realtime(
                        get(values, ConfigKeys.REALTIME_HISTORY_SIZE),
                        get(values, ConfigKeys.REALTIME_HISTORY_AGE),
                        get(values, ConfigKeys.REALTIME_HEARTBEAT),
                        get(values, ConfigKeys.REALTIME_MAX_PENDING),
                        get(values, ConfigKeys.REALTIME_MAX_MESSAGE)),
                limits(values),
                caching(values),
                new HelixConfig.Events(
                        get(values, ConfigKeys.EVENTS_POLL_INTERVAL),
                        get(values, ConfigKeys.EVENTS_RETENTION),
                        get(values, ConfigKeys.EVENTS_MAX_EVENTS)),
                messaging(values),
                conversations(values),
                memory(values));
    }

    private static HelixConfig.Memory memory(Map<String, Value> values) {
        return new HelixConfig.Memory(
                get(values, ConfigKeys.MEMORY_MAX_TEXT_SIZE),
                get(values, ConfigKeys.MEMORY_MAX_PROFILE_SIZE),
                get(values, ConfigKeys.MEMORY_PROMPT_TOKENS),
                get(values, ConfigKeys.MEMORY_PROMPT_MAX_ITEMS),
                get(values, ConfigKeys.MEMORY_RECENCY_HALF_LIFE),
                synthesis(values));
    }

    private static HelixConfig.Synthesis synthesis(Map<String, Value> values) {
        return new HelixConfig.Synthesis(
                get(values, ConfigKeys.SYNTHESIS_ENABLED),
                get(values, ConfigKeys.SYNTHESIS_IDLE_AFTER),
                get(values, ConfigKeys.SYNTHESIS_EVERY_MESSAGES),
                get(values, ConfigKeys.SYNTHESIS_MAX_MESSAGES_PER_RUN),
                get(values, ConfigKeys.SYNTHESIS_TOP_K),
                get(values, ConfigKeys.SYNTHESIS_EMBEDDING_MODEL),
                get(values, ConfigKeys.SYNTHESIS_MAX_ATTEMPTS),
                get(values, ConfigKeys.SYNTHESIS_BACKOFF),
                get(values, ConfigKeys.SYNTHESIS_DAILY_BUDGET_USD),
                get(values, ConfigKeys.SYNTHESIS_CONCURRENCY),
                get(values, ConfigKeys.SYNTHESIS_POLL_INTERVAL));
    }

    private static HelixConfig.Conversations conversations(Map<String, Value> values) {
        return new HelixConfig.Conversations(
                get(values, ConfigKeys.CONVERSATIONS_MAX_PART_SIZE),
                get(values, ConfigKeys.CONVERSATIONS_MAX_METADATA_SIZE),
                get(values, ConfigKeys.CONVERSATIONS_BUSY_POLICY),
                get(values, ConfigKeys.CONVERSATIONS_QUEUE_WAIT),
                get(values, ConfigKeys.CONVERSATIONS_ANSWER_TOKENS),
                get(values, ConfigKeys.CONVERSATIONS_SUMMARY_TOKENS),
                get(values, ConfigKeys.CONVERSATIONS_HISTORY_TOKENS));
    }

    private static HelixConfig.Messaging messaging(Map<String, Value> values) {
        return new HelixConfig.Messaging(
                get(values, ConfigKeys.MESSAGING_VISIBILITY),
                get(values, ConfigKeys.MESSAGING_MAX_WAIT),
                get(values, ConfigKeys.MESSAGING_PRIORITY_STEP),
                get(values, ConfigKeys.MESSAGING_DEFAULT_TTL),
                get(values, ConfigKeys.MESSAGING_MAX_DATA_SIZE),
                get(values, ConfigKeys.MESSAGING_CONSUME_ROLE));
    }

    private static HelixConfig.Limits limits(Map<String, Value> values) {
        Map<RouteClass, HelixConfig.Limits.PerClass> classes = new EnumMap<>(RouteClass.class);
        ConfigKeys.LIMITS_BY_CLASS.forEach((routeClass, keys) -> classes.put(
                routeClass,
                new HelixConfig.Limits.PerClass(
                        get(values, keys.rate()), get(values, keys.concurrency()), get(values, keys.queueWait()))));
        return new HelixConfig.Limits(
                get(values, ConfigKeys.LIMITS_ENABLED),
                classes,
                get(values, ConfigKeys.LIMITS_TRUST_FORWARDED_FOR),
                get(values, ConfigKeys.LIMITS_REDIS_TIMEOUT));
    }

    private static HelixConfig.Caching caching(Map<String, Value> values) {
        return new HelixConfig.Caching(
                get(values, ConfigKeys.CACHE_ENABLED),
                get(values, ConfigKeys.CACHE_MAX_SIZE),
                get(values, ConfigKeys.CACHE_MAX_ENTRY_SIZE),
                ifSet(values, ConfigKeys.CACHE_ROUTES),
                get(values, ConfigKeys.CACHE_INVALIDATIONS),
                get(values, ConfigKeys.CACHE_REDIS),
                get(values, ConfigKeys.CACHE_REDIS_PREFIX),
                get(values, ConfigKeys.CACHE_REDIS_TIMEOUT));
    }

    private static <T> T get(Map<String, Value> values, ConfigKey<T> key) {
        Value v = Objects.requireNonNull(values.get(key.name()), key.name());
        return key.parse(v.text(), v.source());
    }

    /** The value of a key without a default, if a layer sets it. */
    private static <T> Optional<T> ifSet(Map<String, Value> values, ConfigKey<T> key) {
        return Optional.ofNullable(values.get(key.name())).map(v -> key.parse(v.text(), v.source()));
    }

    private static Map<String, Boolean> features(Map<String, Value> values) {
        Map<String, Boolean> out = new TreeMap<>();
        values.forEach((name, v) -> {
            if (name.startsWith(ConfigKeys.FEATURES + ".")) {
                String feature = name.substring(ConfigKeys.FEATURES.length() + 1);
                ConfigKey<Boolean> key =
                        new ConfigKey<>(name, null, null, Optional.of("false"), "", ValueType.bool(), false);
                if (!feature.matches(ConfigKeys.FEATURE_NAME)) {
                    throw ConfigException.invalid(
                            key,
                            v.text(),
                            v.source(),
                            "a feature name of lower-case "
                                    + "letters, digits and '-' (at most 40), such as 'features.my-flag'");
                }
                out.put(feature, key.parse(v.text(), v.source()));
            }
        });
        return out;
    }
}
