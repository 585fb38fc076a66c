package io.reqprof.samples.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code /api/process}: a CPU loop ({@link #cpuLoop}, the method its profile should show on top), then 100 ms of sleep. */
final class ProcessEndpoint extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long result = cpuLoop(30_000_000);
        Pause.millis(100);
        resp.setContentType("application/json");
        resp.getWriter().write("{\"result\":" + result + "}\n");
    }

    /** About 30 ms of integer arithmetic the JIT cannot remove (the result is returned). */
    static long cpuLoop(int iterations) {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
