package io.reqprof.snippets;

import io.reqprof.core.config.Settings;
import io.reqprof.servlet.ReqprofFilter;
import io.reqprof.servlet.ReqprofInitializer;
import io.reqprof.servlet.ReqprofRegistration;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

import java.util.Map;

/** servlet-filter/README.md: registration in code on embedded Jetty 12 and Tomcat. */
final class ServletEmbeddedSnippet {
    private ServletEmbeddedSnippet() {
    }

    static void run(Tomcat tomcat, String docBase) {
        // snippet:begin servlet-embedded
        // Jetty 12 (ee10)
        ServletContextHandler context = new ServletContextHandler();
        context.addServletContainerInitializer((classes, ctx) ->
                ReqprofRegistration.addTo(ctx, new ReqprofFilter(Settings.of("my app", Map.of("reqprof.profile-dir", "dumps")))));

        // Tomcat (embedded)
        Context tomcatContext = tomcat.addContext("", docBase);
        tomcatContext.addServletContainerInitializer(new ReqprofInitializer(), null);
        // snippet:end
    }
}
