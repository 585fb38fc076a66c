package io.reqprof.samples.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** {@code /}: builds 100,000 random numbers, sorts and sums them, then sleeps briefly (like a small DB call). */
final class RootEndpoint extends HttpServlet {
    private static final int COUNT = 100_000;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long sum = sortAndSum(randomNumbers());
        Pause.millis(10);
        resp.setContentType("application/json");
        resp.getWriter().write("{\"count\":" + COUNT + ",\"sum\":" + sum + "}\n");
    }

    static double[] randomNumbers() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        double[] numbers = new double[COUNT];
        for (int i = 0; i < numbers.length; i++) numbers[i] = r.nextDouble();
        return numbers;
    }

    static long sortAndSum(double[] numbers) {
        Arrays.sort(numbers);
        double sum = 0;
        for (double n : numbers) sum += n;
        return Math.round(sum);
    }
}
