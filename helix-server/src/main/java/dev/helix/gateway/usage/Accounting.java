package dev.helix.gateway.usage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.helix.auth.ApiKeys;
import dev.helix.auth.BudgetPeriod;
import dev.helix.auth.KeyLimits;
import dev.helix.events.EventLog;
import dev.helix.internal.Errors;
import dev.helix.internal.Ids;
import dev.helix.internal.Money;
import dev.helix.ratelimit.SharedBuckets;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LLM usage accounting for the gateway: admits a request against its key's budget and per-minute limits, records
 * what each request used and cost, and keeps each key's spend in its current budget period.
 *
 * <p>Implementation notes.
 * <ul>
 * <li><b>Hot path.</b> {@link #admit} and {@link #record} never wait on the database, except {@link #admit} the
 * first time a key with a budget is seen in a period (a Caffeine miss; the spend is then read once). Limits come
 * from {@link ApiKeys#limits}, itself cached.</li>
 * <li><b>Writes.</b> {@link #record} only queues. {@link #flush} (every second, and at stop) writes the queue in
 * batches of {@link Settings#batchSize()} rows, each one {@code PreparedBatch} in one transaction. A failed batch
 * is kept and written first on the next flush; each row has an id made when it was recorded and is inserted with
 * {@code ON CONFLICT DO NOTHING}, so a retry after a write that did commit adds nothing twice. The same transaction
 * writes a {@code gateway.called} event to the event log for each row it adds.</li>
 * <li><b>Bounded memory, nothing lost silently.</b> When {@link Settings#maxPending()} records wait, {@link #record}
 * writes them itself (back-pressure on the caller while the database is slower than the traffic). If the writes
 * are failing at that point, the new record is dropped instead: counted in {@code helix_gateway_usage_dropped_total}
 * and logged as an error once per failure streak; its cost still counts towards the key's spend on this node until
 * the period ends.</li>
 * <li><b>Spend.</b> A key's spend in a period is what the database had when last read (all nodes' rows) plus this
 * node's records written since, plus this node's records not yet written ({@link KeyAccount}). Database reads of
 * spend and batch writes take the same lock, so a record is never counted twice or missed at the moment it moves
 * from unwritten to written. Every {@link Settings#refreshInterval()} a flush re-reads the spend of every key it
 * knows in one query, so several nodes sharing a database agree on a budget within that interval.</li>
 * <li><b>Per-minute limits</b> are token buckets ({@link MinuteLimit}): in Redis when Helix has it, so all nodes
 * count against one limit (one Redis call per limit at admit; corrections are sent without waiting), else, and
 * while Redis does not answer, Bucket4j buckets in this node's memory. Tokens are charged with the caller's estimate
 * at admit and corrected to the real usage at record, matched by key and request id.</li>
 * </ul>
 */
public final class Accounting implements AutoCloseable {
    /**
     * Tuning.
     *
     * @param maxPending      records waiting beyond which {@link #record} writes them itself (or, while writes are
     *                        failing, drops new ones)
     * @param batchSize       rows per insert transaction
     * @param refreshInterval how often a flush re-reads the current spend of known keys from the database
     */
    record Settings(int maxPending, int batchSize, Duration refreshInterval) {
        static final Settings DEFAULTS = new Settings(100_000, 5_000, Duration.ofSeconds(5));
    }

    /** Tokens charged at admit for one (key, request id), to correct when the request is recorded. */
    private record Reservation(long tokens, int requests) {
        Reservation plus(Reservation other) {
            return new Reservation(tokens + other.tokens, requests + other.requests);
        }
    }

    /** One cached database read: a key's spend in one period, plus this node's rows written since, in nano-dollars. */
    private record SpendKey(String keyId, BudgetPeriod period, long start) {}

    /** A mutable figure guarded by the key's {@link KeyAccount} monitor. */
    private static final class WrittenSpend {
        long nanos;

        WrittenSpend(long nanos) {
            this.nanos = nanos;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Accounting.class);
    private final UsageStore store;
    private final ApiKeys keys;
    private final Clock clock;
    private final Settings settings;
    private final Ids ids;
    private final Queue<UsageStore.Row> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, KeyAccount> accounts = new ConcurrentHashMap<>();
    private final Cache<SpendKey, WrittenSpend> spends;
    private final Cache<String, Reservation> reservations;
    private final UsageMeters meters;
    private final MinuteLimits minuteLimits;
    private final EventLog log;
    private List<UsageStore.Row> failedBatch = List.of();
    private long lastRefresh;
    private volatile boolean failing;
    private volatile boolean closed;

    /** Accounting whose per-minute limits are kept in {@code shared} (empty = on this node) for all nodes. */
    public Accounting(Database db, ApiKeys keys, Clock clock, MeterRegistry registry, Optional<SharedBuckets> shared) {
        this(db, keys, clock, registry, shared, EventLog.writerOnly(db));
    }

    /** Accounting that writes a {@code gateway.called} event to {@code log} with each usage record. */
    public Accounting(
            Database db,
            ApiKeys keys,
            Clock clock,
            MeterRegistry registry,
            Optional<SharedBuckets> shared,
            EventLog log) {
        this(db, keys, clock, registry, Settings.DEFAULTS, shared, log);
    }

    Accounting(
            Database db,
            ApiKeys keys,
            Clock clock,
            MeterRegistry registry,
            Settings settings,
            Optional<SharedBuckets> shared) {
        this(db, keys, clock, registry, settings, shared, EventLog.writerOnly(db));
    }

    private Accounting(
            Database db,
            ApiKeys keys,
            Clock clock,
            MeterRegistry registry,
            Settings settings,
            Optional<SharedBuckets> shared,
            EventLog log) {
        this.log = log;
        this.minuteLimits = new MinuteLimits(clock, shared.orElse(null));
        this.store = new UsageStore(db.jdbi());
        this.keys = keys;
        this.clock = clock;
        this.settings = settings;
        this.ids = new Ids(clock);
        this.spends =
                Caffeine.newBuilder().expireAfterAccess(Duration.ofDays(2)).build();
        this.reservations = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(30))
                .maximumSize(1_000_000)
                .build();
        this.meters = new UsageMeters(registry, pending);
        this.lastRefresh = clock.millis();
    }

    /**
     * Checks a request against its key's limits before it is sent: throws {@link LimitExceededException} if the key
     * has spent its budget for the period or has no requests or tokens left this minute. Counts the request, and
     * {@code estimatedTokens} (the caller's estimate of its prompt + completion tokens), towards the per-minute
     * limits. Without a request id the token estimate cannot be corrected later; prefer
     * {@link #admit(String, String, long)}. The first admission of a key with a budget in a period reads its spend
     * from the database; if that fails the {@code StorageException} propagates (the request is not admitted).
     */
    public void admit(String keyId, long estimatedTokens) {
        admit(keyId, null, estimatedTokens);
    }

    /**
     * Like {@link #admit(String, long)}, and remembers the tokens charged under {@code requestId} so that
     * {@link #record} of the {@link UsageRecord} with the same key and request id replaces the estimate by the real
     * prompt + completion tokens.
     */
    public void admit(String keyId, @Nullable String requestId, long estimatedTokens) {
        KeyLimits limits = keys.limits(keyId);
        if (!limits.any()) {
            return;
        }
        KeyAccount account = account(keyId);
        if (limits.budgetUsd() != null) {
            checkBudget(keyId, account, limits);
        }
        MinuteLimit requests = account.requests(limits.rpm());
        if (requests != null) {
            MinuteLimit.Take take = requests.take(1);
            if (!take.taken()) {
                throw meters.rejected(
                        LimitExceededException.requests(keyId, requests.limit(), after(take.waitNanos())));
            }
        }
        MinuteLimit tokens = account.tokens(limits.tpm());
        if (tokens != null) {
            takeTokens(keyId, requestId, Math.max(0, estimatedTokens), tokens, requests);
        }
    }

    private void checkBudget(String keyId, KeyAccount account, KeyLimits limits) {
        Instant now = clock.instant();
        BudgetPeriod period = Objects.requireNonNull(limits.period(), "a budget has a period");
        long spent = spendNanos(keyId, account, period, now);
        if (spent >= limits.budgetNanos()) {
            throw meters.rejected(LimitExceededException.budget(keyId, limits, Money.toUsd(spent), period.end(now)));
        }
    }

    private void takeTokens(
            String keyId,
            @Nullable String requestId,
            long estimate,
            MinuteLimit tokens,
            @Nullable MinuteLimit requests) {
        MinuteLimit.Take take = tokens.take(estimate);
        if (!take.taken()) {
            if (requests != null) {
                requests.adjust(-1);
            }
            throw meters.rejected(LimitExceededException.tokens(
                    keyId, tokens.limit(), take.used(), estimate, after(take.waitNanos())));
        }
        if (requestId != null) {
            reservations
                    .asMap()
                    .merge(keyId + ' ' + requestId, new Reservation(Math.max(1, estimate), 1), Reservation::plus);
        }
    }

    /**
     * Records one finished request (success or failure; once per client request): queues it for the next
     * {@link #flush}, adds its cost to the key's spend and corrects the key's token count. Never waits on the
     * database unless {@link Settings#maxPending()} records are already waiting.
     */
    public void record(UsageRecord record) {
        long nanos = Money.toNanos(record.costUsd());
        account(record.keyId()).addUnwritten(record.at().toEpochMilli(), nanos);
        correctTokens(record);
        if (pending.get() >= settings.maxPending() && !failing) {
            flush();
        }
        if (pending.get() >= settings.maxPending()) {
            meters.dropped(record, settings.maxPending());
            return;
        }
        queue.add(new UsageStore.Row(ids.next("use"), record, nanos));
        pending.incrementAndGet();
        if (closed) {
            flush();
        }
    }

    private void correctTokens(UsageRecord record) {
        if (record.requestId() == null) {
            return;
        }
        Reservation[] taken = new Reservation[1];
        reservations.asMap().computeIfPresent(record.keyId() + ' ' + record.requestId(), (k, r) -> {
            taken[0] = new Reservation(r.tokens() / r.requests(), 1);
            return r.requests() == 1 ? null : new Reservation(r.tokens() - taken[0].tokens(), r.requests() - 1);
        });
        KeyAccount account = accounts.get(record.keyId());
        MinuteLimit tokens = account == null ? null : account.tokens();
        if (taken[0] != null && tokens != null) {
            tokens.adjust(record.totalTokens() - taken[0].tokens());
        }
    }

    /**
     * Writes the records waiting, in batches; a batch that fails is kept for the next flush. Every
     * {@link Settings#refreshInterval()} it also re-reads known keys' spend from the database. Safe to call from
     * any thread; calls run one at a time.
     */
    public void flush() {
        writeLock.lock();
        try {
            if (writePending()
                    && clock.millis() - lastRefresh
                            >= settings.refreshInterval().toMillis()) {
                refresh();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes what is waiting now (not what arrives meanwhile); false if a write failed. */
    boolean writePending() {
        writeLock.lock();
        try {
            int budget = pending.get();
            while (budget > 0) {
                List<UsageStore.Row> batch = failedBatch.isEmpty() ? drain() : failedBatch;
                if (batch.isEmpty() || !write(batch)) {
                    return batch.isEmpty();
                }
                budget -= batch.size();
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    private List<UsageStore.Row> drain() {
        List<UsageStore.Row> batch = new ArrayList<>(Math.min(pending.get(), settings.batchSize()));
        UsageStore.Row row;
        while (batch.size() < settings.batchSize() && (row = queue.poll()) != null) {
            batch.add(row);
        }
        return batch;
    }

    private boolean write(List<UsageStore.Row> batch) {
        try {
            log.published(store.insert(batch, log));
        } catch (RuntimeException e) {
            failedBatch = batch;
            meters.writeFailed(batch.size(), pending.get(), !failing, Errors.rootMessage(e));
            failing = true;
            return false;
        }
        failedBatch = List.of();
        if (failing) {
            failing = false;
            LOG.info("Usage records are being written again");
        }
        for (UsageStore.Row row : batch) {
            written(row);
        }
        pending.addAndGet(-batch.size());
        return true;
    }

    /** Moves a written row's cost from the unwritten figures to the cached written spend, atomically per key. */
    private void written(UsageStore.Row row) {
        KeyAccount account = account(row.record().keyId());
        long at = row.record().at().toEpochMilli();
        synchronized (account) {
            account.removeUnwritten(at, row.costNanos());
            for (BudgetPeriod p : BudgetPeriod.values()) {
                WrittenSpend s = spends.getIfPresent(new SpendKey(
                        row.record().keyId(), p, p.start(row.record().at()).toEpochMilli()));
                if (s != null) {
                    s.nanos += row.costNanos();
                }
            }
        }
    }

    /** Re-reads the current-period spend of every key this node has read before; called under the write lock. */
    private void refresh() {
        Instant now = clock.instant();
        long day = BudgetPeriod.DAY.start(now).toEpochMilli();
        long month = BudgetPeriod.MONTH.start(now).toEpochMilli();
        spends.asMap().keySet().removeIf(k -> k.start() != (k.period() == BudgetPeriod.DAY ? day : month));
        try {
            Map<String, UsageStore.Spend> fresh = store.spendByKey(
                    spends.asMap().keySet().stream()
                            .map(SpendKey::keyId)
                            .distinct()
                            .toList(),
                    month,
                    day);
            spends.asMap().forEach((k, s) -> {
                UsageStore.Spend f = fresh.getOrDefault(k.keyId(), new UsageStore.Spend(0, 0));
                synchronized (account(k.keyId())) {
                    s.nanos = k.period() == BudgetPeriod.DAY ? f.day() : f.month();
                }
            });
            accounts.values().forEach(a -> a.forgetBefore(month));
            lastRefresh = now.toEpochMilli();
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not refresh API key spend from the database; budgets use the figures of {}: {}",
                    Instant.ofEpochMilli(lastRefresh),
                    Errors.rootMessage(e));
        }
    }

    /** The current spend of a key in its budget's period (a calendar month when it has no budget), in US dollars. */
    public double spendUsd(String keyId) {
        KeyLimits limits = keys.limits(keyId);
        BudgetPeriod period = limits.period() == null ? BudgetPeriod.MONTH : limits.period();
        return Money.toUsd(spendNanos(keyId, account(keyId), period, clock.instant()));
    }

    private long spendNanos(String keyId, KeyAccount account, BudgetPeriod period, Instant now) {
        long start = period.start(now).toEpochMilli();
        WrittenSpend written = writtenSpend(new SpendKey(keyId, period, start));
        synchronized (account) {
            return written.nanos + account.unwrittenSince(start);
        }
    }

    /**
     * The cached written spend, read from the database on a miss. The read and the caching happen under the write
     * lock, so no batch can be written between them and be missed by both figures.
     */
    private WrittenSpend writtenSpend(SpendKey key) {
        WrittenSpend cached = spends.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        writeLock.lock();
        try {
            return spends.get(key, k -> new WrittenSpend(store.spendSince(k.keyId(), k.start())));
        } finally {
            writeLock.unlock();
        }
    }

    /** A usage report, with this node's waiting records written first so it includes the caller's latest. */
    UsageReport report(UsageQuery query) {
        writePending();
        return UsageReport.of(query, store.report(query));
    }

    /** How many records wait to be written. */
    int pending() {
        return pending.get();
    }

    private KeyAccount account(String keyId) {
        return accounts.computeIfAbsent(keyId, k -> new KeyAccount(k, minuteLimits));
    }

    private Instant after(long nanos) {
        return clock.instant().plusNanos(nanos);
    }

    /** Writes what is waiting; records made afterwards are written at once. */
    @Override
    public void close() {
        closed = true;
        flush();
    }
}
