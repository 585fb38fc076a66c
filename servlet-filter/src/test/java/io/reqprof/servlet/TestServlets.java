package io.reqprof.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongUnaryOperator;

/** The test web application's servlets, added through the portable API so every container gets the same ones. */
final class TestServlets {
    /** CPU burned by /alpha and /beta. */
    static final long BURN_MS = 100;

    private TestServlets() {
    }

    static void addTo(ServletContext ctx) {
        // the app's own worker pool, stopped with the app (Tomcat warns about threads an app leaves behind)
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> new Thread(r, "test-async-worker"));
        ctx.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent sce) {
                workers.shutdownNow();
            }
        });
        add(ctx, "alpha", burn(Work::alphaLoop), "/alpha");
        add(ctx, "beta", burn(Work::betaLoop), "/beta");
        add(ctx, "process", new Process(), "/api/process");
        add(ctx, "users", new Users(), "/api/users/*");
        add(ctx, "sleep", new Sleep(), "/sleep");
        add(ctx, "status", new Status(), "/status/*");
        add(ctx, "fail", new Fail(), "/fail");
        add(ctx, "async", new Async(true, workers), "/async");
        add(ctx, "async-unbracketed", new Async(false, workers), "/async-unbracketed");
        add(ctx, "async-dispatch", new AsyncDispatch(workers), "/async-dispatch");
        add(ctx, "async-timeout", new AsyncTimeout(), "/async-timeout");
        add(ctx, "registrations", new Registrations(), "/registrations");
        add(ctx, "spec", new Spec(), "/spec");
        add(ctx, "any", new Text("ok"), "/");
    }

    private static void add(ServletContext ctx, String name, HttpServlet servlet, String mapping) {
        ServletRegistration.Dynamic r = ctx.addServlet(name, servlet);
        r.setAsyncSupported(true);
        r.addMapping(mapping);
    }

    private static HttpServlet burn(LongUnaryOperator loop) {
        return new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                long r = loop.applyAsLong(BURN_MS);
                resp.getWriter().write(Long.toString(r & 1));
            }
        };
    }

    private static final class Text extends HttpServlet {
        private final String text;

        Text(String text) {
            this.text = text;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write(text);
        }
    }

    private static final class Process extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            long r = Work.cpuLoop(60);
            sleep(100);
            resp.getWriter().write(Long.toString(r & 1));
        }
    }

    private static final class Users extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/json");
            resp.getWriter().write("{\"id\":\"" + String.valueOf(req.getPathInfo()).substring(1) + "\"}");
        }
    }

    private static final class Sleep extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            sleep(Long.parseLong(req.getParameter("ms")));
            resp.getWriter().write("slept");
        }
    }

    private static final class Status extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(Integer.parseInt(req.getPathInfo().substring(1)));
        }
    }

    private static final class Fail extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
            throw new ServletException("failing on purpose");
        }
    }

    /** startAsync, CPU work on a worker thread (bracketed or not), complete. */
    private static final class Async extends HttpServlet {
        private final boolean bracketed;
        private final ExecutorService workers;

        Async(boolean bracketed, ExecutorService workers) {
            this.bracketed = bracketed;
            this.workers = workers;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync();
            var profiled = ReqprofFilter.profiledRequest(req);
            workers.execute(() -> {
                long t = bracketed ? profiled.enter() : -1;
                try {
                    long r = bracketed ? Work.asyncLoop(80) : Work.unbracketedLoop(80);
                    resp.getWriter().write(Long.toString(r & 1));
                } catch (IOException e) {
                    resp.setStatus(500);
                } finally {
                    if (bracketed) profiled.exit(t);
                    async.complete();
                }
            });
        }
    }

    /** startAsync; a worker dispatches back; the ASYNC dispatch does the CPU work on a container thread. */
    private static final class AsyncDispatch extends HttpServlet {
        private final ExecutorService workers;

        AsyncDispatch(ExecutorService workers) {
            this.workers = workers;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getDispatcherType() == jakarta.servlet.DispatcherType.ASYNC) {
                long r = Work.dispatchedLoop(80);
                resp.getWriter().write("dispatched " + (r & 1));
                return;
            }
            AsyncContext async = req.startAsync();
            workers.execute(() -> {
                sleep(20);
                async.dispatch();
            });
        }
    }

    /** startAsync and never complete: the container times the request out. */
    private static final class AsyncTimeout extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            req.startAsync().setTimeout(300);
        }
    }

    /** The Servlet specification version the container implements, e.g. 6.1. */
    private static final class Spec extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ServletContext c = req.getServletContext();
            resp.getWriter().write(c.getMajorVersion() + "." + c.getMinorVersion());
        }
    }

    /** Names of the filter registrations whose class is ReqprofFilter, comma-separated. */
    private static final class Registrations extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            StringBuilder sb = new StringBuilder();
            req.getServletContext().getFilterRegistrations().forEach((name, r) -> {
                if (ReqprofFilter.class.getName().equals(r.getClassName())) sb.append(sb.length() == 0 ? "" : ",").append(name);
            });
            resp.getWriter().write(sb.toString());
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
