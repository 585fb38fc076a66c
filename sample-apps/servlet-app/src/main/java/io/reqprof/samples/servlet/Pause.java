package io.reqprof.samples.servlet;

/** Sleeps the way a blocking call would; an interrupt ends the pause early and is kept. */
final class Pause {
    private Pause() {
    }

    static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
