package io.reqprof.core.engine;

import io.reqprof.core.profile.EngineInfo;

/**
 * One running sampler. Implementations: {@link AsyncProfilerEngine} and {@link JfrEngine}.
 * Called from the session's sampler thread only, except {@link #now()}, which request brackets
 * call from any thread and which must be cheap and never throw.
 */
interface SamplingEngine extends AutoCloseable {

    /** What is really sampling, with effective intervals. */
    EngineInfo info();

    /** Current time in the clock the engine stamps samples with. */
    long now();

    /** Units of {@link #now()} per second. */
    long ticksPerSecond();

    /** Ends the current chunk, starts the next, and returns the ended chunk's samples. */
    SampleChunk rotate() throws Exception;

    /** Stops sampling and deletes every file the engine made. Returns the last samples. */
    SampleChunk stop() throws Exception;

    @Override
    void close();
}
