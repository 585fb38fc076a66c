package io.reqprof.collector.ingest;

import io.reqprof.collector.pprof.ParseLimits;

/**
 * Caps on one upload, and on every stored profile read back for a query.
 *
 * @param maxCompressedBytes   largest upload as received (gzip pprof or JFR)
 * @param maxDecompressedBytes largest profile after gunzip: the gzip-bomb guard
 * @param parse                what the unpacked profile may hold
 */
public record UploadLimits(int maxCompressedBytes, int maxDecompressedBytes, ParseLimits parse) {
    /** 4 MiB received, 8 MiB decompressed, {@link ParseLimits#DEFAULT}. */
    public static final UploadLimits DEFAULT = new UploadLimits(4 << 20, 8 << 20, ParseLimits.DEFAULT);

    /** Both sizes must be positive. */
    public UploadLimits {
        if (maxCompressedBytes <= 0 || maxDecompressedBytes <= 0) throw new IllegalArgumentException("size caps must be > 0");
        if (parse == null) throw new IllegalArgumentException("parse limits are required");
    }
}
