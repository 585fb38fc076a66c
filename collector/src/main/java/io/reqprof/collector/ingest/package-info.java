/**
 * The one path every upload takes, whatever protocol brought it: name and label rules, size caps,
 * strict pprof validation (JFR converted first), then the store. Nothing is stored unless all checks pass.
 */
package io.reqprof.collector.ingest;
