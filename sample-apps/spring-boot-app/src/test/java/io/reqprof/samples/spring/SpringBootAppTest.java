package io.reqprof.samples.spring;

import io.reqprof.core.dump.DumpIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample as the load benchmark runs it: every endpoint answers and is dumped under its route. */
class SpringBootAppTest {
    @Test
    void everyEndpointIsDumpedUnderItsRoute(@TempDir Path dir) throws Exception {
        try (ConfigurableApplicationContext app = SpringApplication.run(SpringBootApp.class, "--server.port=0",
                "--reqprof.profile-dir=" + dir)) {
            int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
            for (String path : List.of("/", "/api/process", "/api/users/7", "/api/sleep", "/api/async")) {
                given().port(port).get(path).then().statusCode(200);
            }
            List<DumpIndex.Entry> entries = List.of();
            for (int i = 0; i < 300 && entries.size() < 5; i++) {
                Thread.sleep(100);
                if (Files.isRegularFile(dir.resolve(DumpIndex.FILE_NAME))) entries = DumpIndex.read(dir);
            }
            assertEquals(Set.of("/", "/api/process", "/api/users/{id}", "/api/sleep", "/api/async"),
                    entries.stream().map(DumpIndex.Entry::route).collect(Collectors.toSet()), "routes: " + entries);
            assertTrue(entries.stream().allMatch(e -> e.status() == 200), entries.toString());
        }
    }
}
