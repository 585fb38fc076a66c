package io.reqprof.servlet;

import io.reqprof.core.config.Settings;
import jakarta.servlet.ServletContainerInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three ways in (initializer, web-fragment.xml, code), the opt-out, and where settings come from. */
class RegistrationTest {
    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void initializerAddsTheFilter(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).filters(0).initializer(new ReqprofInitializer())
                .contextParam("reqprof.profile-dir", work.resolve("dumps").toString())
                .contextParam("reqprof.formats", "pprof").start()) {
            assertEquals("reqprof", app.http().get("/registrations").asString());
            app.http().get("/api/users/1").then().statusCode(200);
            app.awaitDumps(1, "/api/users/1");
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void initializerOptOut(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).filters(0).initializer(new ReqprofInitializer())
                .contextParam("reqprof.auto-register", "false").start()) {
            assertEquals("", app.http().get("/registrations").asString(), "no ReqprofFilter registered");
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void initializerAddsNothingWhenTheAppRegisteredTheFilter(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).initializer(new ReqprofInitializer()).start()) {
            assertEquals("reqprof", app.http().get("/registrations").asString(), "registered once");
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void fragmentDeclaredFilterHonoursTheOptOut(Container container, @TempDir Path work) throws Exception {
        // what web-fragment.xml declares: a ReqprofFilter carrying the registered-by init parameter
        try (WebApp app = WebApp.on(container, work).filterParam(ReqprofFilter.REGISTERED_BY, "web-fragment.xml")
                .contextParam("reqprof.auto-register", "false").start()) {
            app.http().get("/api/users/1").then().statusCode(200);
            assertFalse(app.filter().profiler().enabled(), "passes requests through");
        }
    }

    @Test
    void theContainerCanFindTheInitializerAndTheFragment() throws Exception {
        List<String> found = new ArrayList<>();
        ServiceLoader.load(ServletContainerInitializer.class).forEach(s -> found.add(s.getClass().getName()));
        assertTrue(found.contains(ReqprofInitializer.class.getName()), found.toString());

        try (InputStream in = getClass().getResourceAsStream("/META-INF/web-fragment.xml")) {
            assertNotNull(in, "web-fragment.xml in the jar");
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().parse(in);
            assertEquals("reqprof", text(doc, "name"));
            assertEquals(ReqprofRegistration.FILTER_NAME, text(doc, "filter-name"), "same name as the initializer's, so one wins");
            assertEquals(ReqprofFilter.class.getName(), text(doc, "filter-class"));
            assertEquals("true", text(doc, "async-supported"));
            assertEquals(ReqprofFilter.REGISTERED_BY, text(doc, "param-name"));
            assertEquals("/*", text(doc, "url-pattern"));
            var dispatchers = doc.getElementsByTagNameNS("*", "dispatcher");
            assertEquals(List.of("REQUEST", "ASYNC"), List.of(dispatchers.item(0).getTextContent(), dispatchers.item(1).getTextContent()));
        }
    }

    private static String text(Document doc, String tag) {
        return ((Element) doc.getElementsByTagNameNS("*", tag).item(0)).getTextContent().trim();
    }

    /** filter init parameter > context init parameter > system property > (environment) > programmatic defaults. */
    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void settingsPrecedence(Container container, @TempDir Path work) throws Exception {
        String key = "reqprof.filename-format";
        Settings defaults = Settings.of("test defaults", Map.of(key, "defaults-{id}.{ext}"));
        System.setProperty(key, "sysprop-{id}.{ext}");
        try {
            assertEquals("filter-", prefix(container, work.resolve("1"), defaults, "filename-format", "filter-{id}.{ext}", "ctx-{id}.{ext}"));
            assertEquals("ctx-", prefix(container, work.resolve("2"), defaults, null, null, "ctx-{id}.{ext}"));
            assertEquals("sysprop-", prefix(container, work.resolve("3"), defaults, null, null, null));
            System.clearProperty(key);
            assertEquals("defaults-", prefix(container, work.resolve("4"), defaults, null, null, null));
        } finally {
            System.clearProperty(key);
        }
    }

    /** Serves one request with the format set at the given layers; returns the dump name's first part. */
    private static String prefix(Container container, Path work, Settings defaults, String filterKey, String filterValue,
                                 String contextValue) throws Exception {
        WebApp.Builder b = WebApp.on(container, work).defaults(defaults);
        if (filterKey != null) b.filterParam(filterKey, filterValue); // the short name works in init parameters
        if (contextValue != null) b.contextParam("reqprof.filename-format", contextValue);
        b.contextParam("filename-format", "bare-{id}.{ext}"); // ignored: context parameters need the full name
        try (WebApp app = b.start()) {
            app.http().get("/api/users/1").then().statusCode(200);
            String name = app.awaitDumps(1, "/api/users/1").get(0).files().get(0);
            return name.substring(0, name.indexOf('-') + 1);
        }
    }
}
