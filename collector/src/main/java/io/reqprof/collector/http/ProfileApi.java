package io.reqprof.collector.http;

import io.reqprof.collector.ingest.ProfileIntake;
import io.reqprof.collector.ingest.UploadLimits;
import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.InvalidProfileException;
import io.reqprof.collector.pprof.PprofReader;
import io.reqprof.collector.pprof.PprofWriter;
import io.reqprof.collector.pprof.StackTree;
import io.reqprof.collector.pprof.ValueType;
import io.reqprof.collector.store.ProfileQuery;
import io.reqprof.collector.store.ProfileStore;
import io.reqprof.collector.store.StoredProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * The JSON API's logic, independent of the HTTP server: lists, query, merge, diff, download.
 * A merge takes the newest {@link #MAX_MERGE} profiles of a selection (Cloud Profiler's limit),
 * within its {@link MergeBudget}, {@value #MERGING_AT_ONCE} merges at a time, and says when it left
 * some out and why.
 */
final class ProfileApi {
    /** Most profiles merged into one view. */
    static final int MAX_MERGE = 250;
    /** Merges running at once; a merge waits up to {@value #MAX_WAIT_SECONDS} s for its turn (then 503). */
    static final int MERGING_AT_ONCE = 2;
    static final int MAX_WAIT_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(ProfileApi.class.getName());
    private final ProfileIntake intake;
    private final ProfileStore store;
    private final UploadLimits limits;
    private final MergeBudget budget;
    private final Semaphore merging = new Semaphore(MERGING_AT_ONCE, true);

    /** Reads {@code intake}'s store; each profile merged is unpacked, parsed and added through its gate, as uploads are. */
    ProfileApi(ProfileIntake intake, MergeBudget budget) {
        this.intake = intake;
        this.store = intake.store();
        this.limits = intake.limits();
        this.budget = budget;
    }

    /** Services with their profile count, types, versions and zones. */
    List<Map<String, Object>> services() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String service : store.distinct(ProfileQuery.all(), StoredProfile::target)) {
            ProfileQuery q = new ProfileQuery(service, null, null, null, Map.of(), 0, 0, 0);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", service);
            m.put("profiles", store.query(q).size());
            m.put("types", store.distinct(q, StoredProfile::type));
            m.put("versions", store.distinct(q, StoredProfile::version));
            m.put("zones", store.distinct(q, StoredProfile::zone));
            out.add(m);
        }
        return out;
    }

    List<String> distinct(ProfileQuery q, String field) throws HttpError {
        return switch (field) {
            case "types" -> store.distinct(q, StoredProfile::type);
            case "versions" -> store.distinct(q, StoredProfile::version);
            case "zones" -> store.distinct(q, StoredProfile::zone);
            case "services" -> store.distinct(q, StoredProfile::target);
            default -> throw new HttpError(404, "unknown list " + field);
        };
    }

    List<Map<String, Object>> query(ProfileQuery q) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StoredProfile p : store.query(q)) out.add(p.toMap());
        return out;
    }

    Optional<byte[]> download(String id) throws IOException {
        return store.read(id);
    }

    /**
     * The merged tree of a selection and what went into it.
     *
     * @param stoppedBy why the merge stopped before the end of the selection (a budget, naming its setting), or null
     */
    record Merged(StackTree tree, int selected, int merged, int skipped, long fromMillis, long untilMillis, String stoppedBy) {
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("selected", selected);
            m.put("merged", merged);
            m.put("truncated", selected > merged + skipped || stoppedBy != null);
            m.put("stopped_by", stoppedBy);
            m.put("skipped", skipped);
            List<String> cols = new ArrayList<>();
            tree.columns().forEach(c -> cols.add(c.toString()));
            m.put("columns", cols);
            return m;
        }
    }

    /**
     * Merges the newest {@value #MAX_MERGE} profiles of the selection. Parsing dominates (measured in
     * bench/run-collector-bench.sh: ~3 ms per realistic CPU profile, plus ~2 ms to add it to a tree), so
     * the profiles are split into one slice per core, each parsed into its own tree, and the trees
     * folded together. The first profile that parses fixes the columns, as a sequential merge would.
     * The slices share the node budget and the deadline; the first to reach either stops them all.
     *
     * @throws HttpError 503 when {@value #MERGING_AT_ONCE} merges kept this one waiting {@value #MAX_WAIT_SECONDS} s
     */
    Merged merge(ProfileQuery q) throws IOException, HttpError {
        try {
            if (!merging.tryAcquire(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new HttpError(503, "the collector is running " + MERGING_AT_ONCE + " merges already and this one waited "
                        + MAX_WAIT_SECONDS + " s for its turn; retry shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "the collector is stopping");
        }
        try {
            return mergeInTurn(q);
        } finally {
            merging.release();
        }
    }

    private Merged mergeInTurn(ProfileQuery q) throws IOException {
        List<StoredProfile> all = store.query(new ProfileQuery(q.target(), q.type(), q.version(), q.zone(), q.labels(),
                q.fromMillis(), q.untilMillis(), 0));
        List<StoredProfile> chosen = all.size() > MAX_MERGE ? all.subList(0, MAX_MERGE) : all;
        Run run = new Run();
        Partial first = new Partial(null, run);
        int next = 0;
        while (next < chosen.size() && first.tree.columns().isEmpty() && run.going()) first.add(chosen.get(next++));
        List<StoredProfile> rest = chosen.subList(next, chosen.size());
        int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), rest.size() / 8));
        List<Partial> partials = new ArrayList<>();
        for (int i = 0; i < slices; i++) partials.add(new Partial(first.tree.columns(), run));
        try {
            IntStream.range(0, slices).parallel().forEach(i -> {
                Partial part = partials.get(i);
                for (int j = i; j < rest.size() && run.going(); j += slices) part.add(rest.get(j));
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        StackTree tree = first.tree;
        int merged = first.merged, skipped = first.skipped;
        long from = first.from, until = first.until;
        for (Partial part : partials) {
            if (part.merged > 0) tree.addTree(part.tree);
            merged += part.merged;
            skipped += part.skipped;
            from = Math.min(from, part.from);
            until = Math.max(until, part.until);
        }
        return new Merged(tree, all.size(), merged, skipped, from == Long.MAX_VALUE ? 0 : from, until, run.stoppedBy.get());
    }

    /** What the slices of one merge share: the node budget, the deadline, and why they stopped. */
    private final class Run {
        final AtomicInteger nodesLeft = new AtomicInteger(budget.maxNodes());
        final long deadline = System.nanoTime() + budget.timeout().toNanos();
        final AtomicReference<String> stoppedBy = new AtomicReference<>();

        boolean going() {
            if (stoppedBy.get() != null) return false;
            if (System.nanoTime() - deadline > 0) {
                stop("the merge took longer than " + budget.timeout().toMillis() + " ms (--merge-timeout)");
                return false;
            }
            return true;
        }

        void stop(String why) {
            stoppedBy.compareAndSet(null, why);
        }
    }

    /** One thread's share of a merge. */
    private final class Partial {
        final StackTree tree;
        final Run run;
        int merged;
        int skipped;
        long from = Long.MAX_VALUE;
        long until;

        Partial(List<ValueType> columns, Run run) {
            this.tree = new StackTree(columns, run.nodesLeft);
            this.run = run;
        }

        void add(StoredProfile p) {
            try {
                Optional<byte[]> bytes = store.read(p.id());
                if (bytes.isEmpty()) return;
                // through the intake's gate: the profiles unpacked at once, uploads and merges together, bound the heap
                boolean added = intake.gatedRead(() -> tree.add(PprofReader.parse(
                        Gzip.gunzip(bytes.get(), limits.maxDecompressedBytes()), limits.parse())));
                if (added) {
                    merged++;
                    from = Math.min(from, p.startMillis());
                    until = Math.max(until, p.startMillis() + p.durationNanos() / 1_000_000);
                    if (tree.overBudget()) {
                        run.stop("the merged call tree reached " + budget.maxNodes() + " nodes (--max-merge-nodes); the stacks"
                                + " that needed more are under '" + StackTree.OVER_BUDGET + "'");
                    }
                } else {
                    skipped++; // another type's columns: select one type to merge
                }
            } catch (InvalidProfileException e) {
                if (e.busy()) {
                    run.stop("the collector was too busy unpacking uploads to read more profiles; retry shortly");
                    return;
                }
                LOG.warning("stored profile " + p.id() + " no longer parses: " + e.getMessage());
                skipped++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Map<String, Object> mergeJson(ProfileQuery q, String column, int topRows) throws IOException, HttpError {
        Merged m = merge(q);
        Map<String, Object> out = m.describe();
        if (m.tree().root() == null) {
            // nothing matched (or nothing parsed): an empty result, whatever column was asked for
            out.put("column", null);
            out.put("flame", FlameJson.flame(m.tree(), 0));
            out.put("top", List.of());
            return out;
        }
        int c = m.tree().column(column);
        if (c < 0) throw new HttpError(400, "no column '" + column + "'; the profiles have " + out.get("columns"));
        out.put("column", m.tree().columns().get(c).toString());
        out.put("flame", FlameJson.flame(m.tree(), c));
        out.put("top", FlameJson.top(m.tree(), c, topRows));
        return out;
    }

    byte[] mergePprof(ProfileQuery q) throws IOException, HttpError {
        Merged m = merge(q);
        if (m.merged() == 0) throw new HttpError(404, "no stored profile matches the selection");
        return PprofWriter.writeGzip(m.tree(), m.fromMillis() * 1_000_000, (m.untilMillis() - m.fromMillis()) * 1_000_000);
    }

    Map<String, Object> diff(ProfileQuery a, ProfileQuery b, String column) throws IOException, HttpError {
        Merged ma = merge(a);
        Merged mb = merge(b);
        int ca = ma.tree().column(column);
        // side B is read in the column of the same name as side A's, whatever order its columns have
        String name = column != null && !column.isEmpty() ? column : ca >= 0 ? ma.tree().columns().get(ca).type() : null;
        int cb = mb.tree().column(name);
        boolean emptyA = ma.tree().root() == null;
        boolean emptyB = mb.tree().root() == null;
        if ((!emptyA && ca < 0) || (!emptyB && cb < 0)) {
            throw new HttpError(400, "the two selections share no column named '" + name + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("a", ma.describe());
        out.put("b", mb.describe());
        out.put("column", name);
        out.put("flame", FlameJson.diff(emptyA ? EMPTY : ma.tree(), Math.max(ca, 0), emptyB ? EMPTY : mb.tree(), Math.max(cb, 0)));
        return out;
    }

    private static final StackTree EMPTY = new StackTree(List.of(new io.reqprof.collector.pprof.ValueType("samples", "count")));
}
