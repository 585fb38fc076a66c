package io.reqprof.collector.ingest;

import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.InvalidProfileException;
import io.reqprof.collector.pprof.PprofProfile;
import io.reqprof.collector.pprof.PprofReader;
import io.reqprof.collector.store.NewProfile;
import io.reqprof.collector.store.ProfileStore;
import io.reqprof.collector.store.StoredProfile;

import java.io.IOException;
import java.util.Map;

/**
 * Validates and stores one pprof upload. Checks run in order of cost (names and labels, the
 * received size, the decompressed size, the pprof structure) and the first failure rejects the
 * upload with its reason; the store sees only uploads that passed every check.
 */
public final class ProfileIntake {
    /** Profiles unpacked and parsed at once: uploads over gRPC and HTTP, and the profiles merges and dump views read. */
    public static final int UNPACKING_AT_ONCE = 2;
    /** How long an upload waits for its turn before it is refused as busy. */
    static final long MAX_WAIT_MILLIS = 10_000;
    /** Snapshots, not windows: their duration is the profile's own (usually 0), never the window CreateProfile handed out. */
    static final java.util.Set<String> INSTANT_TYPES = java.util.Set.of("HEAP", "THREADS", "PEAK_HEAP");

    private final ProfileStore store;
    private final UploadLimits limits;
    private final IntakeGate gate = new IntakeGate(UNPACKING_AT_ONCE, MAX_WAIT_MILLIS);
    private final Refusals refusals = new Refusals();

    /** Intake into {@code store} under {@code limits}. */
    public ProfileIntake(ProfileStore store, UploadLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** One endpoint's handling of one upload: unpacking, parsing, storing. */
    @FunctionalInterface
    public interface Work<T> {
        /** Does the work. */
        T run() throws InvalidProfileException, IOException;
    }

    /**
     * Runs {@code work} once fewer than {@value #UNPACKING_AT_ONCE} profiles are being unpacked;
     * each endpoint wraps its whole handling of one upload in this, once. A refusal is logged (at
     * most once a minute) as well as answered.
     *
     * @throws InvalidProfileException {@link InvalidProfileException#busy} after waiting 10 s, or the work's own
     */
    public <T> T gated(Work<T> work) throws InvalidProfileException, IOException {
        try {
            return gate.through(work);
        } catch (InvalidProfileException e) {
            refusals.report(e);
            throw e;
        }
    }

    /**
     * Runs a query's reading of one stored profile ({@code work}: unpack, parse, add to a tree)
     * through the same gate as uploads; its failures are the query's to report, not refused uploads.
     *
     * @throws InvalidProfileException {@link InvalidProfileException#busy} after waiting 10 s, or the work's own
     */
    public <T> T gatedRead(Work<T> work) throws InvalidProfileException, IOException {
        return gate.through(work);
    }

    /** Most uploads ever unpacked at once, for tests and benchmarks. */
    public int peakUnpacking() {
        return gate.peak();
    }

    /** The size caps in force. */
    public UploadLimits limits() {
        return limits;
    }

    /** The store profiles go to. */
    public ProfileStore store() {
        return store;
    }

    /**
     * Validates and stores a profile.
     *
     * @param pprof          gzip or raw pprof bytes
     * @param startMillis    start of the window when the uploader says; 0 to take pprof's {@code time_nanos}, else now
     * @param durationNanos  length of the window when the uploader says; 0 to take pprof's {@code duration_nanos},
     *                       which an instant type ({@code HEAP}, {@code THREADS}, {@code PEAK_HEAP}) always takes
     * @throws InvalidProfileException with the reason; nothing was stored
     * @throws IOException             the disk failed; nothing was acknowledged
     */
    public StoredProfile accept(String project, String target, Map<String, String> deploymentLabels, String type,
                                Map<String, String> labels, byte[] pprof, long startMillis, long durationNanos,
                                String source) throws InvalidProfileException, IOException {
        Names.project(project);
        Names.target(target);
        Names.type(type);
        Names.labels("deployment", deploymentLabels);
        Names.labels("profile", labels);
        if (pprof == null || pprof.length == 0) throw new InvalidProfileException("profile_bytes is empty");
        if (pprof.length > limits.maxCompressedBytes()) {
            throw InvalidProfileException.overLimit("profile of " + pprof.length + " bytes exceeds the upload limit of "
                    + limits.maxCompressedBytes() + " bytes (--max-upload-bytes)");
        }
        byte[] raw = Gzip.gunzip(pprof, limits.maxDecompressedBytes());
        PprofProfile parsed = PprofReader.parse(raw, limits.parse());
        long start = startMillis > 0 ? startMillis
                : parsed.timeNanos() > 0 ? parsed.timeNanos() / 1_000_000 : System.currentTimeMillis();
        long duration = durationNanos > 0 && !INSTANT_TYPES.contains(type) ? durationNanos : parsed.durationNanos();
        byte[] gz = Gzip.isGzip(pprof) ? pprof : Gzip.gzip(raw);
        return store.put(new NewProfile(project, target, deploymentLabels, type, labels, start, duration, source, gz));
    }
}
