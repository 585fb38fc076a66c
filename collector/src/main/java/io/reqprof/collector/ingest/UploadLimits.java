package io.reqprof.collector.ingest;

/**
 * Size caps on one upload.
 *
 * @param maxCompressedBytes   largest upload as received (gzip pprof or JFR)
 * @param maxDecompressedBytes largest profile after gunzip: the gzip-bomb guard
 */
public record UploadLimits(int maxCompressedBytes, int maxDecompressedBytes) {
    /** 16 MiB received, 128 MiB decompressed. */
    public static final UploadLimits DEFAULT = new UploadLimits(16 << 20, 128 << 20);

    /** Both caps must be positive. */
    public UploadLimits {
        if (maxCompressedBytes <= 0 || maxDecompressedBytes <= 0) throw new IllegalArgumentException("size caps must be > 0");
    }
}
