package io.reqprof.core.engine;

/**
 * Receives every chunk of samples, in time order, one at a time: on the session's sampler thread,
 * or on the thread that flushes the session or makes it pause (the chunk up to the pause). Request
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
