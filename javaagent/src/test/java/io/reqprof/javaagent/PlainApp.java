package io.reqprof.javaagent;

import com.google.protobuf.Duration;
import io.grpc.Status;

/**
 * An application with no reqprof code and grpc, protobuf and Guava of its own (other versions than
 * the agent's), run by {@link JavaagentTest} as {@code java -javaagent:reqprof-agent.jar -jar app.jar SECONDS}:
 * it says where its grpc and protobuf classes came from, uses them, and burns CPU in {@link #work}.
 */
public final class PlainApp {
    private PlainApp() {
    }

    public static void main(String[] args) {
        System.out.println("app grpc from " + Status.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("app protobuf from " + Duration.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("app uses them: " + Status.DEADLINE_EXCEEDED.withDescription("app's own").getCode() + " "
                + Duration.newBuilder().setSeconds(5).build().toByteArray().length + " bytes");
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        long x = 1;
        while (System.nanoTime() < end) x = work(x);
        System.out.println("app done " + (x & 1));
    }

    /** The CPU to find in the uploaded profiles. */
    static long work(long x) {
        for (int i = 0; i < 100_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        return x;
    }
}
