package io.reqprof.core.engine;

import io.reqprof.core.profile.EngineInfo;

/**
 * One running sampler. Implementations: {@link AsyncProfilerEngine} and {@link JfrEngine}.
 * Called under the session's rotation lock only, except {@link #now()}, which request brackets
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

    /**
     * Stops sampling until {@link #resume()}, keeping the engine loaded: returns the samples since the
     * last rotation and leaves no recording running and no chunk file on disk. {@link #now()} and
     * {@link #ticksPerSecond()} keep their clock while paused. Only called while sampling.
     */
    SampleChunk pause() throws Exception;

    /**
     * Starts sampling again after {@link #pause()}; samples are being taken when it returns, so the
     * next chunk holds everything from this moment on. Only called while paused.
     */
    void resume() throws Exception;

    /** Stops sampling and deletes every file the engine made. Returns the last samples (none when paused). */
    SampleChunk stop() throws Exception;

    @Override
    void close();
}
