package io.reqprof.samples.servlet;

import io.reqprof.core.web.ProfiledRequest;
import io.reqprof.servlet.ReqprofFilter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code /api/async}: releases the container thread with {@code startAsync} and finishes on a worker.
 * The worker brackets its work with the request's {@link ProfiledRequest}: reqprof attributes by
 * thread, so work on another thread shows in the request's profile only when bracketed.
 */
final class AsyncEndpoint extends HttpServlet {
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "async-worker");
        t.setDaemon(true);
        return t;
    });

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        AsyncContext async = req.startAsync();
        ProfiledRequest profiled = ReqprofFilter.profiledRequest(req);
        workers.execute(() -> {
            long bracket = profiled.enter();
            try {
                long result = backgroundWork();
                resp.setContentType("application/json");
                resp.getWriter().write("{\"result\":" + result + "}\n");
            } catch (IOException e) {
                resp.setStatus(500);
            } finally {
                profiled.exit(bracket);
                async.complete();
            }
        });
    }

    static long backgroundWork() {
        return ProcessEndpoint.cpuLoop(20_000_000);
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
