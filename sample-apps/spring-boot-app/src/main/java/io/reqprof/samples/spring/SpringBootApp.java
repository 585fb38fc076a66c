package io.reqprof.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * A Spring MVC application whose only reqprof dependency is the starter (and the agent jar, for
 * continuous profiling): no reqprof code. {@code java -jar reqprof-sample-spring-boot.jar
 * [--server.port=0] [--reqprof.profile-dir=DIR] ...}; {@code --spring.autoconfigure.exclude=
 * io.reqprof.spring.ReqprofAutoConfiguration} runs it without reqprof (the load benchmark's baseline).
 */
@SpringBootApplication
public class SpringBootApp {
    public static void main(String[] args) {
        SpringApplication.run(SpringBootApp.class, args);
    }

    /** One line with the address, for scripts: {@code spring-boot-app listening on http://127.0.0.1:PORT/}. */
    @EventListener(ApplicationReadyEvent.class)
    public void ready(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        System.out.println("spring-boot-app listening on http://127.0.0.1:" + env.getProperty("local.server.port") + "/");
    }
}
