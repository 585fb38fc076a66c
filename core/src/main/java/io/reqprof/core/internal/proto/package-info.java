/**
 * The one protobuf wire-format writer reqprof has, for pprof (core) and OTLP (agent): hand-written
 * so that reqprof carries no protobuf runtime whose version could clash with the host
 * application's. Internal: not part of reqprof's API.
 */
package io.reqprof.core.internal.proto;
