/**
 * Placeholder: this module's capability is delivered by a later issue (see docs/ARCHITECTURE.md).
 * It exists now so the whole reactor builds and the module boundaries are fixed from the start.
 */
package io.reqprof.servlet;
