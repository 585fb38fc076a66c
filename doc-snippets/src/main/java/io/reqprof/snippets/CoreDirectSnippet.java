package io.reqprof.snippets;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.pprof.PprofEncoder;
import io.reqprof.core.request.ActiveRequest;
import io.reqprof.core.request.RequestTracker;

/** README.md, "Using core directly". */
final class CoreDirectSnippet {
    private CoreDirectSnippet() {
    }

    static void run() {
        // snippet:begin core-direct
        try (SamplingSession session = SamplingSession.start(EngineConfig.defaults())) {
            RequestTracker tracker = RequestTracker.attach(session, profile -> {
                // called off the request thread once the request's samples are read (within ~1 s)
                byte[] pprof = PprofEncoder.encodeGzip(profile.profile());
            });

            ActiveRequest r = tracker.begin("GET", "/users/7", "/users/{id}");
            long bracket = r.enter();          // bracket every piece of work, on whatever thread runs it
            try { handle(); } finally { r.exit(bracket); }
            r.end(200);
        }
        // snippet:end
    }

    private static void handle() {
    }
}
