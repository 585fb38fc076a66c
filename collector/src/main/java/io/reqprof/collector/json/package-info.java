/** The little JSON the collector speaks: a writer for API answers and the index, a parser for index lines. */
package io.reqprof.collector.json;
