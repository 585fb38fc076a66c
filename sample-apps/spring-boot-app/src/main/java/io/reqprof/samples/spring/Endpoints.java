package io.reqprof.samples.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The same work as the servlet sample's endpoints: {@code /} sorts 100,000 numbers and sleeps 10 ms,
 * {@code /api/process} is about 30 ms of CPU then 100 ms of sleep, {@code /api/users/{id}} a path
 * variable, {@code /api/sleep} only sleeps, {@code /api/async} runs its CPU on Spring MVC's async
 * executor (a {@link Callable}).
 */
@RestController
public class Endpoints {
    private static final int COUNT = 100_000;

    @GetMapping("/")
    public Map<String, Object> root() throws InterruptedException {
        long sum = sortAndSum();
        Thread.sleep(10);
        return Map.of("count", COUNT, "sum", sum);
    }

    @GetMapping("/api/process")
    public Map<String, Object> process() throws InterruptedException {
        long result = cpuLoop(30_000_000);
        Thread.sleep(100);
        return Map.of("result", result);
    }

    @GetMapping("/api/users/{id}")
    public Map<String, Object> user(@PathVariable("id") String id) {
        return Map.of("id", id, "score", cpuLoop(5_000_000) & 0xff);
    }

    @GetMapping("/api/sleep")
    public Map<String, Object> sleep() throws InterruptedException {
        Thread.sleep(200);
        return Map.of("slept_ms", 200);
    }

    @GetMapping("/api/async")
    public Callable<Map<String, Object>> async() {
        return () -> Map.of("result", cpuLoop(20_000_000));
    }

    static long sortAndSum() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        double[] numbers = new double[COUNT];
        for (int i = 0; i < numbers.length; i++) numbers[i] = r.nextDouble();
        Arrays.sort(numbers);
        double sum = 0;
        for (double n : numbers) sum += n;
        return Math.round(sum);
    }

    /** Integer arithmetic the JIT cannot remove (the result is returned): the method profiles should show. */
    static long cpuLoop(int iterations) {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
