package io.reqprof.core.engine;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Emitted periodically by the JFR engine. Its JFR timestamp and the {@code System.nanoTime()} it
 * carries tie JFR's clock to the clock request brackets use; its arrival also proves that every
 * event committed before it has been delivered (a watermark).
 */
@Name("io.reqprof.ClockSync")
@Label("reqprof clock sync")
@Category("reqprof")
@Description("Ties JFR timestamps to System.nanoTime for request attribution")
@StackTrace(false)
final class ClockSyncEvent extends jdk.jfr.Event {
    @Label("nanoTime")
    long nanoTime;
}
