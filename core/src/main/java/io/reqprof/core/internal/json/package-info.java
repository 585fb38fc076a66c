/**
 * The little JSON reqprof speaks: a writer for the dump index, the collector's API answers and its
 * store index, and a strict parser for index lines. Internal: not part of reqprof's API.
 */
package io.reqprof.core.internal.json;
