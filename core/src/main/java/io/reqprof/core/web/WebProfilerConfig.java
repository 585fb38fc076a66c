package io.reqprof.core.web;

import io.reqprof.core.config.Settings;
import io.reqprof.core.dump.DumpConfig;
import io.reqprof.core.engine.EngineConfig;

import java.util.Objects;

/**
 * Immutable settings of request profiling in a web adapter: whether it is on, the sampling engine,
 * the dumps, the trigger header and the {@code Server-Timing} header. Built in Java with
 * {@link #builder()} or read from {@code reqprof.*} settings with {@link #from(Settings)}; every
 * invalid value fails with an {@link IllegalArgumentException} naming the setting.
 */
public final class WebProfilerConfig {
    private final boolean enabled;
    private final EngineConfig engine;
    private final DumpConfig dumps;
    private final String triggerHeader;
    private final String triggerSecret;
    private final boolean serverTiming;

    private WebProfilerConfig(Builder b) {
        this.enabled = b.enabled;
        this.engine = b.engine;
        this.dumps = b.dumps;
        this.triggerHeader = b.triggerHeader;
        this.triggerSecret = b.triggerSecret;
        this.serverTiming = b.serverTiming;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code reqprof.enabled}, {@code reqprof.trigger-header}, {@code reqprof.trigger-secret},
     * {@code reqprof.server-timing}, and the engine ({@link EngineConfig#from}) and dump
     * ({@link DumpConfig#from}) keys. When {@code reqprof.enabled} is false nothing else is read,
     * so a switched-off profiler never fails a start.
     */
    public static WebProfilerConfig from(Settings s) {
        Builder b = builder().enabled(s.bool("reqprof.enabled", true));
        if (!b.enabled) return b.build();
        return b.engine(EngineConfig.from(s))
                .dumps(DumpConfig.from(s))
                .triggerHeader(s.string("reqprof.trigger-header", TriggerHeader.DEFAULT_NAME))
                .triggerSecret(s.string("reqprof.trigger-secret", null))
                .serverTiming(s.bool("reqprof.server-timing", false))
                .build();
    }

    public boolean enabled() {
        return enabled;
    }

    public EngineConfig engine() {
        return engine;
    }

    public DumpConfig dumps() {
        return dumps;
    }

    public String triggerHeader() {
        return triggerHeader;
    }

    /** Whether a trigger secret is set (the secret itself is not exposed). */
    public boolean triggerEnabled() {
        return triggerSecret != null;
    }

    String triggerSecret() {
        return triggerSecret;
    }

    public boolean serverTiming() {
        return serverTiming;
    }

    @Override
    public String toString() {
        return "WebProfilerConfig{enabled=" + enabled + ", engine=" + engine + ", dumps=" + dumps + ", trigger="
                + triggerHeader + (triggerSecret == null ? " off" : " on") + ", serverTiming=" + serverTiming + '}';
    }

    /** Builder for {@link WebProfilerConfig}. */
    public static final class Builder {
        private boolean enabled = true;
        private EngineConfig engine = EngineConfig.defaults();
        private DumpConfig dumps = DumpConfig.builder().build();
        private String triggerHeader = TriggerHeader.DEFAULT_NAME;
        private String triggerSecret;
        private boolean serverTiming;

        private Builder() {
        }

        /** Off makes the adapter a pass-through ({@code reqprof.enabled}). */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder engine(EngineConfig engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        public Builder dumps(DumpConfig dumps) {
            this.dumps = Objects.requireNonNull(dumps, "dumps");
            return this;
        }

        /** Header that forces a dump when it carries the secret ({@code reqprof.trigger-header}). */
        public Builder triggerHeader(String name) {
            this.triggerHeader = name;
            return this;
        }

        /** Shared secret of the trigger header, at least 16 characters; null turns the trigger off. */
        public Builder triggerSecret(String secret) {
            this.triggerSecret = secret;
            return this;
        }

        /** Adds {@code Server-Timing: reqprof;desc="<id>"} to profiled responses ({@code reqprof.server-timing}). */
        public Builder serverTiming(boolean on) {
            this.serverTiming = on;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public WebProfilerConfig build() {
            if (enabled) TriggerHeader.validate(triggerHeader, triggerSecret);
            return new WebProfilerConfig(this);
        }
    }
}
