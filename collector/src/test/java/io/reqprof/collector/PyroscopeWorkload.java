package io.reqprof.collector;

/** A small CPU-bound program that {@link PyroscopeAgentTest} runs under Pyroscope's Java agent. */
public final class PyroscopeWorkload {
    private PyroscopeWorkload() {
    }

    public static void main(String[] args) {
        long end = System.currentTimeMillis() + Long.parseLong(args[0]);
        double x = 0;
        while (System.currentTimeMillis() < end) x += burn();
        System.out.println(x);
    }

    static double burn() {
        double x = 0;
        for (int i = 0; i < 200_000; i++) x += Math.sqrt(i);
        return x;
    }
}
