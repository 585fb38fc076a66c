package io.reqprof.agent.upload.cloud;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineSinkTest {
    @Test
    void quotaIsRetriedButASizeCapIsNot() {
        assertTrue(OfflineSink.retryable(Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded")), "Google's quota answer: retried");
        assertTrue(OfflineSink.retryable(Status.RESOURCE_EXHAUSTED), "no reason given: retried");
        assertTrue(OfflineSink.retryable(Status.UNAVAILABLE));
        // the same bytes would be refused forever and hold up every later profile
        assertFalse(OfflineSink.retryable(Status.RESOURCE_EXHAUSTED.withDescription(
                "profile of 17825792 bytes exceeds the upload limit of 16777216 bytes (--max-upload-bytes)")));
        assertFalse(OfflineSink.retryable(Status.RESOURCE_EXHAUSTED.withDescription(
                "gRPC message exceeds maximum size 17825792: 18000000")));
        assertFalse(OfflineSink.retryable(Status.RESOURCE_EXHAUSTED.withDescription(
                "profile exceeds the limit of 50000 samples (--max-samples)")));
        assertFalse(OfflineSink.retryable(Status.INVALID_ARGUMENT));
    }
}
