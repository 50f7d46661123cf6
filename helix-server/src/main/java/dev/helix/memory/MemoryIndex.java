package dev.helix.memory;

import dev.helix.conversations.Owner;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The retrieval index: every owner's memories that have not ended, in a Lucene index held in memory, searched by
 * BM25 on their text within one owner (and one agent and the memories for every agent), the best candidates then
 * weighed by confidence and recency.
 *
 * <p>Implementation notes: the database is the truth and the index a copy any node can rebuild, so every change goes
 * through {@link #refresh}, which reads the memory's row as it is now and puts it in or takes it out, under
 * one lock: whatever order changes arrive in (this node's after their commits, other nodes' from the event log),
 * the last refresh of a memory writes its newest state. Forgetting all of an owner's memory is one
 * {@link #refreshOwner}. A search sees every refresh that returned before it began (the searcher is reopened before
 * a refresh returns). Each document keeps its memory as JSON in a binary doc value (compressed in small blocks, so
 * fetching the k found costs little), so a search answers without the database.
 */
final class MemoryIndex implements AutoCloseable {
    /** The most memories one search answers. */
    static final int MAX_K = 50;
    /** How many candidates BM25 gives for the weighing, at most. */
    private static final int MAX_CANDIDATES = 200;
    /** The most characters of a text taken for the query (a long message is cut: its start says enough). */
    private static final int MAX_QUERY_CHARS = 2000;

    /** The longest a put from inside a database transaction waits for the index. */
    static final Duration AHEAD_WAIT = Duration.ofMillis(100);

    private static final String ID = "id";
    private static final String OWNER = "owner";
    private static final String AGENT = "agent";
    private static final String TEXT = "text";
    private static final String VALID_FROM = "validFrom";
    private static final String VALID_TO = "validTo";
    private static final String UPDATED = "updated";
    private static final String CONFIDENCE = "confidence";
    private static final String ITEM = "item";
    /** The agent term of a memory for every agent (no agent id has a '*'). */
    private static final String EVERY_AGENT = "*";

    /** Where the index reads memories from: the database. */
    interface Source {
        Optional<MemoryItem> byId(String id);

        List<MemoryItem> held(Owner owner, Instant now);

        void eachHeld(Instant now, Consumer<MemoryItem> sink);
    }

    private final Source source;
    private final Duration halfLife;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ReentrantLock changing = new ReentrantLock();

    MemoryIndex(Source source, Duration halfLife) {
        this.source = source;
        this.halfLife = halfLife;
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setCommitOnClose(false));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("the memory index cannot be made", e);
        }
    }

    /** Builds the index anew from every memory that has not ended by {@code now}; answers how many it holds. */
    int rebuild(Instant now) {
        locked(() -> {
            writer.deleteAll();
            source.eachHeld(now, m -> io(() -> writer.addDocument(document(m))));
            searchers.maybeRefreshBlocking();
            return null;
        });
        return size();
    }

    /** Puts memory {@code id} in the index as the database has it now, or takes it out if it is gone or has ended. */
    void refresh(String id, Instant now) {
        put(id, () -> source.byId(id), now); // read under the lock: the last refresh writes the newest commit
    }

    /**
     * Puts memory {@code m} in the index as it is given, or takes it out if it has ended by {@code now}, unless the
     * index is busy for longer than {@link #AHEAD_WAIT}: answers whether it did. For a caller inside a database
     * transaction, which must not wait long on a lock whose holder may be waiting for the database.
     */
    boolean tryPut(MemoryItem m, Instant now) {
        try {
            if (!changing.tryLock(AHEAD_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            put(m.id(), () -> Optional.of(m), now); // the lock is reentrant
            return true;
        } finally {
            changing.unlock();
        }
    }

    private void put(String id, Supplier<Optional<MemoryItem>> item, Instant now) {
        locked(() -> {
            Optional<MemoryItem> m = item.get().filter(i -> i.heldAfter(now));
            if (m.isPresent()) {
                writer.updateDocument(new Term(ID, id), document(m.get()));
            } else {
                writer.deleteDocuments(new Term(ID, id));
            }
            searchers.maybeRefreshBlocking();
            return null;
        });
    }

    /** Puts {@code owner}'s memories in the index as the database has them now, and no others of theirs. */
    void refreshOwner(Owner owner, Instant now) {
        locked(() -> {
            writer.deleteDocuments(new Term(OWNER, ownerTerm(owner)));
            for (MemoryItem m : source.held(owner, now)) {
                writer.addDocument(document(m));
            }
            searchers.maybeRefreshBlocking();
            return null;
        });
    }

    /**
     * The (at most {@value #MAX_K}) memories of {@code owner} that hold at {@code now} most relevant to {@code text},
     * for {@code agent} and for every agent (or for any agent if {@code agent} is null): the best BM25 matches of the
     * text weighed by confidence and recency; with a text of no words, the newest.
     */
    List<MemoryItem> search(Owner owner, @Nullable String agent, String text, int k, Instant now) {
        int wanted = Math.clamp(k, 0, MAX_K);
        if (wanted == 0) {
            return List.of();
        }
        String cut = text.length() > MAX_QUERY_CHARS ? text.substring(0, MAX_QUERY_CHARS) : text;
        Query words = new QueryBuilder(analyzer).createBooleanQuery(TEXT, cut);
        int candidates = Math.min(MAX_CANDIDATES, Math.max(4 * wanted, 40));
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                Query query = filtered(words, owner, agent, now);
                TopDocs top = words == null
                        ? searcher.search(
                                query, wanted, new Sort(new SortedNumericSortField(UPDATED, SortField.Type.LONG, true)))
                        : searcher.search(query, candidates);
                return best(searcher, top, words != null, wanted, now);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the memory index cannot be searched", e);
        }
    }

    /** Takes out the memories that have ended by {@code now} (a {@code validTo} that was then to come). */
    void prune(Instant now) {
        locked(() -> {
            writer.deleteDocuments(LongField.newRangeQuery(VALID_TO, Long.MIN_VALUE, now.toEpochMilli()));
            searchers.maybeRefreshBlocking();
            return null;
        });
    }

    /** How many memories the index holds. */
    int size() {
        return writer.getDocStats().numDocs;
    }

    private static Query filtered(@Nullable Query words, Owner owner, @Nullable String agent, Instant now) {
        BooleanQuery.Builder q = new BooleanQuery.Builder()
                .add(words == null ? new MatchAllDocsQuery() : words, Occur.MUST)
                .add(new TermQuery(new Term(OWNER, ownerTerm(owner))), Occur.FILTER)
                .add(LongField.newRangeQuery(VALID_FROM, Long.MIN_VALUE, now.toEpochMilli()), Occur.FILTER)
                .add(LongField.newRangeQuery(VALID_TO, now.toEpochMilli() + 1, Long.MAX_VALUE), Occur.FILTER);
        if (agent != null) {
            Query agents = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(AGENT, agent)), Occur.SHOULD)
                    .add(new TermQuery(new Term(AGENT, EVERY_AGENT)), Occur.SHOULD)
                    .build();
            q.add(agents, Occur.FILTER);
        }
        return q.build();
    }

    /** A scored candidate: its document and the weight of its relevance, confidence and recency. */
    private record Scored(int doc, double weight) {}

    private List<MemoryItem> best(IndexSearcher searcher, TopDocs top, boolean relevance, int k, Instant now)
            throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<Scored> scored = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc d : top.scoreDocs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(d.doc, leaves));
            long updated = value(leaf, UPDATED, d.doc);
            double confidence = value(leaf, CONFIDENCE, d.doc) / 1_000_000.0;
            double base = relevance ? d.score : 1.0;
            scored.add(new Scored(d.doc, base * (0.5 + 0.5 * confidence) * (0.5 + 0.5 * recency(updated, now))));
        }
        if (relevance) {
            scored.sort(Comparator.comparingDouble(Scored::weight).reversed());
        }
        return items(leaves, scored.subList(0, Math.min(k, scored.size())));
    }

    /**
     * The memories of {@code chosen}, in its order. Doc values are read in increasing document order (what their
     * iterators need), each leaf's once.
     */
    private static List<MemoryItem> items(List<LeafReaderContext> leaves, List<Scored> chosen) throws IOException {
        List<Scored> byDoc = new ArrayList<>(chosen);
        byDoc.sort(Comparator.comparingInt(Scored::doc));
        Map<Integer, MemoryItem> found = new HashMap<>();
        BinaryDocValues values = null;
        int leafOrd = -1;
        for (Scored s : byDoc) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(s.doc(), leaves));
            if (leaf.ord != leafOrd || values == null) {
                values = DocValues.getBinary(leaf.reader(), ITEM);
                leafOrd = leaf.ord;
            }
            if (values.advanceExact(s.doc() - leaf.docBase)) {
                BytesRef json = values.binaryValue();
                found.put(s.doc(), Json.mapper().readValue(json.bytes, json.offset, json.length, MemoryItem.class));
            }
        }
        List<MemoryItem> out = new ArrayList<>(chosen.size());
        for (Scored s : chosen) {
            MemoryItem m = found.get(s.doc());
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** How much a memory changed {@code updatedMillis} weighs: 1 now, halving every {@code memory.recencyHalfLife}. */
    private double recency(long updatedMillis, Instant now) {
        double age = Math.max(0, now.toEpochMilli() - updatedMillis);
        return Math.pow(0.5, age / halfLife.toMillis());
    }

    private static long value(LeafReaderContext leaf, String field, int doc) throws IOException {
        SortedNumericDocValues values = DocValues.getSortedNumeric(leaf.reader(), field);
        return values.advanceExact(doc - leaf.docBase) ? values.nextValue() : 0;
    }

    private static Document document(MemoryItem m) {
        Document d = new Document();
        d.add(new StringField(ID, m.id(), Field.Store.NO));
        d.add(new StringField(OWNER, ownerTerm(m.owner()), Field.Store.NO));
        d.add(new StringField(AGENT, m.agent() == null ? EVERY_AGENT : m.agent(), Field.Store.NO));
        d.add(new TextField(TEXT, m.text(), Field.Store.NO));
        d.add(new LongField(VALID_FROM, m.validFrom().toEpochMilli(), Field.Store.NO));
        Instant validTo = m.validTo();
        d.add(new LongField(VALID_TO, validTo == null ? Long.MAX_VALUE : validTo.toEpochMilli(), Field.Store.NO));
        d.add(new LongField(UPDATED, m.updated().toEpochMilli(), Field.Store.NO));
        d.add(new LongField(CONFIDENCE, Math.round(m.confidence() * 1_000_000), Field.Store.NO));
        d.add(new BinaryDocValuesField(ITEM, new BytesRef(Json.bytes(m))));
        return d;
    }

    /** The owner as one term: key and user cannot hold the separator (a control character). */
    private static String ownerTerm(Owner owner) {
        return owner.keyId() + '\u001f' + owner.userColumn();
    }

    /** An index change that may fail on I/O (never, in memory, but Lucene's signatures say it may). */
    @FunctionalInterface
    private interface IoWork<T> {
        @Nullable
        T run() throws IOException;
    }

    private <T> @Nullable T locked(IoWork<T> work) {
        changing.lock();
        try {
            return work.run();
        } catch (IOException e) {
            throw new UncheckedIOException("the memory index cannot be changed", e);
        } finally {
            changing.unlock();
        }
    }

    private static void io(IoWork<?> work) {
        try {
            work.run();
        } catch (IOException e) {
            throw new UncheckedIOException("the memory index cannot be changed", e);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            analyzer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the memory index cannot be closed", e);
        }
    }
}
