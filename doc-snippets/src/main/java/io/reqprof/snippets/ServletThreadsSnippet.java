package io.reqprof.snippets;

import io.reqprof.core.web.ProfiledRequest;
import io.reqprof.servlet.ReqprofFilter;

/** servlet-filter/README.md: bracketing work handed to another thread. */
final class ServletThreadsSnippet {
    private ServletThreadsSnippet() {
    }

    static void run(jakarta.servlet.ServletRequest request, java.util.concurrent.Executor executor,
                    jakarta.servlet.AsyncContext asyncContext) {
        // snippet:begin servlet-threads
        ProfiledRequest profiled = ReqprofFilter.profiledRequest(request);   // a no-op when not profiled
        executor.execute(() -> {
            long bracket = profiled.enter();
            try { work(); } finally { profiled.exit(bracket); }
            asyncContext.complete();
        });
        // snippet:end
    }

    private static void work() {
    }
}
