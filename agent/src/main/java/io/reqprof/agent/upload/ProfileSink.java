package io.reqprof.agent.upload;

import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.profile.Profile;

/** Where a {@link PeriodicCollector} delivers each profile: one upload call per profile. */
public interface ProfileSink {

    /**
     * Uploads (or writes) one profile.
     *
     * @throws RetryableUploadException when the same profile may succeed later (unreachable, 429, 5xx)
     * @throws Exception                for anything else; the profile is dropped
     */
    void upload(ProfileType type, Profile profile) throws Exception;

    /** For logs, e.g. {@code Pyroscope at http://host:4040}. */
    String describe();

    /** Releases resources (channels, clients) once the collector is done. */
    default void close() {
    }

    /** A failure worth retrying with the same profile. */
    final class RetryableUploadException extends Exception {
        public RetryableUploadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
