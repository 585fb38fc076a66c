package io.reqprof.agent.upload;

/** A running upload job: started once, closed once. Runs on its own daemon thread(s). */
public interface Uploader extends AutoCloseable {

    /** Starts the job's threads; never blocks on the network. */
    void start();

    /** Stops the job: an upload in flight gets a short bounded time to finish; threads end. */
    @Override
    void close();
}
