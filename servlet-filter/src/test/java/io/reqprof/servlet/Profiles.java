package io.reqprof.servlet;

import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads dumped pprof files the way a user's tool would, and counts samples by method. */
final class Profiles {
    private Profiles() {
    }

    static Profile read(Path pprof) {
        try {
            return PprofDecoder.decode(Files.readAllBytes(pprof));
        } catch (IOException e) {
            throw new AssertionError(pprof + " is not a pprof profile", e);
        }
    }

    /** Samples of {@code type} whose stack holds a frame of method {@code method} ("Work.alphaLoop"). */
    static long countIn(Profile p, SampleType type, String method) {
        long n = 0;
        for (Sample s : p.samples(type)) {
            if (holds(s, method)) n += s.count();
        }
        return n;
    }

    static boolean holds(Sample s, String method) {
        for (Frame f : s.stack().frames()) {
            String name = f.className() + "." + f.methodName();
            if (name.endsWith(method)) return true;
        }
        return false;
    }
}
