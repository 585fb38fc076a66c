/**
 * Helpers shared by reqprof's modules. Not API: may change in any release.
 */
package io.reqprof.core.internal;
