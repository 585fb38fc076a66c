/**
 * Build steps of reqprof's Quarkus extension: feature, recorder start, HTTP filter, Quarkus REST
 * handler customizer, Dev UI, and switching off in native-image builds.
 */
package io.reqprof.quarkus.deployment;
