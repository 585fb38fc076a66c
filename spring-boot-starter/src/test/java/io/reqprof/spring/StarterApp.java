package io.reqprof.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.Callable;

/** A Spring MVC application with no reqprof code: the starter's jar on the class path is all. */
@SpringBootApplication
public class StarterApp {
    /** Runs it as a user would: {@code java -cp ... io.reqprof.spring.StarterApp [--key=value ...]}. */
    public static void main(String[] args) {
        SpringApplication.run(StarterApp.class, args);
    }

    /** Endpoints with a path variable, a sleep and an async handler. */
    @RestController
    static class Endpoints {
        @GetMapping("/users/{id}")
        String user(@PathVariable("id") String id) {
            return id + ":" + UserWork.burn(30);
        }

        @GetMapping("/alpha")
        String alpha() {
            return Thread.currentThread() + " " + AlphaWork.burn(300);
        }

        @GetMapping("/beta")
        String beta() {
            return Thread.currentThread() + " " + BetaWork.burn(300);
        }

        @GetMapping("/sleep")
        String sleep() throws InterruptedException {
            Thread.sleep(150);
            return "slept";
        }

        @GetMapping("/async/{n}")
        Callable<String> async(@PathVariable("n") int n) {
            return () -> "async " + n + ":" + UserWork.burn(20);
        }
    }

    /** CPU work in a method of its own, to find in the profiles. */
    static final class UserWork {
        private UserWork() {
        }

        static long burn(long millis) {
            return Spin.forMillis(millis);
        }
    }

    /** /alpha's CPU, in a class no other endpoint uses, so a sample with it on its stack belongs to an /alpha request. */
    static final class AlphaWork {
        private AlphaWork() {
        }

        static long burn(long millis) {
            return Spin.forMillis(millis);
        }
    }

    /** /beta's CPU, likewise. */
    static final class BetaWork {
        private BetaWork() {
        }

        static long burn(long millis) {
            return Spin.forMillis(millis);
        }
    }

    /** The one CPU loop the work classes share: arithmetic the JIT cannot remove (the result is returned). */
    static final class Spin {
        private Spin() {
        }

        static long forMillis(long millis) {
            long end = System.nanoTime() + millis * 1_000_000;
            long x = 1;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 10_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
            }
            return x & 0xff;
        }
    }
}
