package io.reqprof.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start that failed on a {@code reqprof.*} setting into Spring Boot's "APPLICATION FAILED
 * TO START" report: the setting, its rule and where the value came from, instead of a bean
 * creation stack trace. Core's messages all begin with the setting's name.
 */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<IllegalArgumentException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IllegalArgumentException cause) {
        String message = cause.getMessage();
        if (message == null || !message.startsWith("reqprof.")) return null; // someone else's argument
        return new FailureAnalysis("reqprof: " + message,
                "Correct that setting (application.properties or YAML, a profile's file, -D, or a REQPROF_* variable);"
                        + " every setting and its rule: docs/CONFIGURATION.md and docs/CONTINUOUS.md.", cause);
    }
}
