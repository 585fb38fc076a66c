/**
 * Reading {@code reqprof.*} settings from layered sources (adapter parameters, system properties,
 * environment variables) with typed parsing whose errors name the setting, the rule and where the
 * bad value came from. Every adapter and the continuous agent read their settings through
 * {@link io.reqprof.core.config.Settings}, so one key means the same thing everywhere.
 */
package io.reqprof.core.config;
