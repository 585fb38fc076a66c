package io.reqprof.core.dump;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reqprof.core.request.RequestFacts;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Whatever a request's method, path and route are, and whatever file name template the operator
 * wrote (once it parses), a dump's file name is one safe name directly inside the profile
 * directory: only {@code [A-Za-z0-9._~-]}, no leading dot, at most {@value SafeNames#MAX_NAME} characters.
 */
class DumpNamesFuzzTest {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~-]*");
    private static final Path DIR = Path.of("/profiles");

    @FuzzTest(maxDuration = "60s")
    void name(FuzzedDataProvider in) {
        String template = in.consumeBoolean() ? FilenameTemplate.DEFAULT : in.consumeString(100);
        RequestFacts facts = new RequestFacts(in.consumeString(40), in.consumeString(20), in.consumeString(500),
                in.consumeBoolean() ? null : in.consumeString(200), in.consumeInt(), Instant.ofEpochSecond(in.consumeInt()),
                Duration.ofNanos(in.consumeLong(0, Long.MAX_VALUE / 4)));
        String ext = in.consumeBoolean() ? "pb.gz" : in.consumeString(20);
        FilenameTemplate t;
        try {
            t = FilenameTemplate.parse(template);
        } catch (IllegalArgumentException refused) {
            return; // an operator's template error, reported at start
        }
        check(SafeNames.fileName(t.name(facts, ext)), SafeNames.MAX_NAME);
        check(SafeNames.path(facts.path()), SafeNames.MAX_PART);
        check(SafeNames.part(facts.method()), SafeNames.MAX_PART);
    }

    private static void check(String name, int max) {
        if (!SAFE.matcher(name).matches() || name.length() > max) throw new AssertionError("unsafe name '" + name + "'");
        if (DumpIndex.inside(DIR, name) == null) throw new AssertionError("'" + name + "' is not directly inside " + DIR);
    }
}
