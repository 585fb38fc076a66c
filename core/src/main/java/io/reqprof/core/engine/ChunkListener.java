package io.reqprof.core.engine;

/**
 * Receives every chunk of samples, on the session's sampler thread, in time order. Request
 * attribution and continuous-profile windows are both listeners of the one session.
 * A listener that throws is logged once and keeps receiving chunks.
 */
public interface ChunkListener {

    /** Called with each chunk after rotation. */
    void onChunk(SampleChunk chunk);

    /** Called once after the last chunk, when the session closes. */
    default void onClose() {
    }
}
