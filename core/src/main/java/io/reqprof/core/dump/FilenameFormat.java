package io.reqprof.core.dump;

import io.reqprof.core.request.RequestFacts;

/**
 * Names one dump file. Whatever it returns is passed through {@link SafeNames#fileName} and placed
 * directly in the profile directory, so a callback cannot write elsewhere however it is written.
 * {@link FilenameTemplate} is the string form; implement this interface for the callback form:
 *
 * <pre>{@code
 * FilenameFormat byRoute = (facts, ext) -> facts.route() + "-" + facts.id() + "." + ext;
 * }</pre>
 */
@FunctionalInterface
public interface FilenameFormat {

    /**
     * @param facts the request
     * @param ext   the format's extension without a leading dot, e.g. {@code pb.gz}
     * @return the file name (no directories)
     */
    String name(RequestFacts facts, String ext);
}
