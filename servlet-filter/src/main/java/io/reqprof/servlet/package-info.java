/**
 * The reqprof servlet filter: {@link io.reqprof.servlet.ReqprofFilter} profiles each request,
 * {@link io.reqprof.servlet.ReqprofInitializer} and {@code META-INF/web-fragment.xml} register it
 * automatically, {@link io.reqprof.servlet.ReqprofRegistration} registers it from code.
 * See {@code servlet-filter/README.md}.
 */
package io.reqprof.servlet;
