/**
 * Per-request profile dumps, the counterpart of werkzeug's {@code ProfilerMiddleware}: which requests
 * are dumped ({@link io.reqprof.core.dump.DumpSelection}), how files are named
 * ({@link io.reqprof.core.dump.FilenameFormat}, always made safe by {@link io.reqprof.core.dump.SafeNames}),
 * in which formats ({@link io.reqprof.core.dump.DumpFormat}), the text summary stream
 * ({@link io.reqprof.core.dump.SummaryStream}), retention and the {@code index.jsonl} catalogue, all
 * configured by one {@link io.reqprof.core.dump.DumpConfig} and carried out off the request thread by
 * {@link io.reqprof.core.dump.DumpWriter}.
 */
package io.reqprof.core.dump;
