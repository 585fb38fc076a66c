/**
 * What every web adapter (servlet filter, Vert.x handler, Quarkus extension) shares, so that each
 * adapter is only the glue to its framework: {@link io.reqprof.core.web.WebProfiler} reads the
 * settings, shares the JVM's sampling session, decides which requests to profile (selection and the
 * trigger header), and hands finished profiles to the dump writer; an adapter calls
 * {@code begin}, brackets work on the returned {@link io.reqprof.core.web.ProfiledRequest}, and ends it.
 */
package io.reqprof.core.web;
