/**
 * The durable profile store: one gzip pprof file per profile plus an append-only index log
 * ({@code index.jsonl}) that is replayed into memory at start, so queries never open profile files.
 * A profile is acknowledged only after its file and its index line are both on disk.
 */
package io.reqprof.collector.store;
