package io.reqprof.bench;

import io.reqprof.core.pprof.PprofEncoder;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.FrameType;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic CPU profiles shaped like 10 s of a Spring MVC web application on Jetty, as Cloud
 * Profiler's Java agent uploads them ({@code sample/count}, {@code cpu/nanoseconds}, one sample per
 * 10 ms of CPU). From a seed it builds one "code base": a pool of stacks rooted in Jetty's thread
 * pool, the servlet filter chain and Spring's dispatcher, through controllers, CGLIB/AOP proxies,
 * services and repositories of an imagined shop, ending in library work (JDBC over the PostgreSQL
 * driver, Jackson, logback, streams, collections, regex, hashing) or JVM and native frames, plus
 * GC, JIT and scheduled-task threads. Stacks are 30-80 frames deep with a line number per call site.
 *
 * <p>Each profile draws its samples from that pool with a Zipf-like weight per stack, modulated per
 * route and per profile, so the hot paths repeat in every profile while the long tail differs: with
 * the defaults a profile has ~1-3k distinct stacks and the same seed always gives the same bytes.
 */
final class WebAppProfiles {
    /** 10 ms, Cloud Profiler's CPU sampling interval. */
    static final long INTERVAL_NANOS = 10_000_000L;

    private static final String[] JETTY_ROOT = {
        "java.lang.Thread.run",
        "org.eclipse.jetty.util.thread.QueuedThreadPool$Runner.run",
        "org.eclipse.jetty.util.thread.QueuedThreadPool.runJob",
        "org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy.run",
        "org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy.tryProduce",
        "org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy.produce",
        "org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy.runTask",
        "org.eclipse.jetty.io.AbstractConnection$ReadCallback.succeeded",
        "org.eclipse.jetty.io.FillInterest.fillable",
        "org.eclipse.jetty.server.HttpConnection.onFillable",
        "org.eclipse.jetty.server.HttpChannel.handle",
        "org.eclipse.jetty.server.HttpChannel.dispatch",
        "org.eclipse.jetty.server.HttpChannel.lambda$handle$1",
        "org.eclipse.jetty.server.Server.handle",
        "org.eclipse.jetty.server.handler.HandlerWrapper.handle",
        "org.eclipse.jetty.server.handler.ScopedHandler.handle",
        "org.eclipse.jetty.server.session.SessionHandler.doScope",
        "org.eclipse.jetty.server.handler.ContextHandler.doScope",
        "org.eclipse.jetty.server.handler.ScopedHandler.nextScope",
        "org.eclipse.jetty.servlet.ServletHandler.doHandle",
        "org.eclipse.jetty.servlet.ServletHandler$ChainEnd.doFilter",
    };
    private static final String[][] FILTERS = {
        {"org.springframework.web.filter.OncePerRequestFilter.doFilter", "org.springframework.web.filter.CharacterEncodingFilter.doFilterInternal"},
        {"org.springframework.web.filter.OncePerRequestFilter.doFilter", "org.springframework.web.filter.RequestContextFilter.doFilterInternal"},
        {"org.springframework.web.filter.OncePerRequestFilter.doFilter", "org.springframework.web.filter.FormContentFilter.doFilterInternal"},
        {"org.springframework.security.web.FilterChainProxy.doFilter", "org.springframework.security.web.FilterChainProxy.doFilterInternal"},
        {"org.springframework.security.web.FilterChainProxy$VirtualFilterChain.doFilter", "org.springframework.security.web.authentication.AnonymousAuthenticationFilter.doFilter"},
        {"org.springframework.security.web.FilterChainProxy$VirtualFilterChain.doFilter", "org.springframework.security.web.context.SecurityContextPersistenceFilter.doFilter"},
        {"io.micrometer.core.instrument.Timer.record", "org.springframework.boot.actuate.metrics.web.servlet.WebMvcMetricsFilter.doFilterInternal"},
    };
    private static final String[] DISPATCH = {
        "org.eclipse.jetty.servlet.FilterHolder.doFilter",
        "org.eclipse.jetty.servlet.ServletHolder.handle",
        "javax.servlet.http.HttpServlet.service",
        "org.springframework.web.servlet.FrameworkServlet.service",
        "org.springframework.web.servlet.FrameworkServlet.processRequest",
        "org.springframework.web.servlet.DispatcherServlet.doService",
        "org.springframework.web.servlet.DispatcherServlet.doDispatch",
        "org.springframework.web.servlet.mvc.method.AbstractHandlerMethodAdapter.handle",
        "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.handleInternal",
        "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod",
        "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle",
        "org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest",
        "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke",
        "java.lang.reflect.Method.invoke",
        "jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke",
        "jdk.internal.reflect.GeneratedMethodAccessor.invoke",
    };
    private static final String[] RESPONSE_WRITE = {
        "org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite.handleReturnValue",
        "org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor.handleReturnValue",
        "org.springframework.web.servlet.mvc.method.annotation.AbstractMessageConverterMethodProcessor.writeWithMessageConverters",
        "org.springframework.http.converter.AbstractGenericHttpMessageConverter.write",
        "org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter.writeInternal",
    };
    private static final String[] AOP = {
        "org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor.intercept",
        "org.springframework.aop.framework.CglibAopProxy$CglibMethodInvocation.proceed",
        "org.springframework.aop.framework.ReflectiveMethodInvocation.proceed",
        "org.springframework.transaction.interceptor.TransactionInterceptor.invoke",
        "org.springframework.transaction.interceptor.TransactionAspectSupport.invokeWithinTransaction",
        "org.springframework.aop.framework.CglibAopProxy$CglibMethodInvocation.proceed",
        "org.springframework.aop.framework.ReflectiveMethodInvocation.proceed",
        "org.springframework.aop.framework.CglibAopProxy$CglibMethodInvocation.invokeJoinpoint",
        "org.springframework.cglib.proxy.MethodProxy.invoke",
    };
    /** Library work at the bottom of stacks, caller first; a sample stops somewhere along it. */
    private static final String[][] WORK = {
        {"org.springframework.jdbc.core.JdbcTemplate.query", "org.springframework.jdbc.core.JdbcTemplate.execute",
            "org.springframework.jdbc.core.JdbcTemplate$1.doInPreparedStatement", "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery",
            "com.zaxxer.hikari.pool.ProxyPreparedStatement.executeQuery", "org.postgresql.jdbc.PgPreparedStatement.executeQuery",
            "org.postgresql.jdbc.PgPreparedStatement.executeWithFlags", "org.postgresql.jdbc.PgStatement.execute",
            "org.postgresql.jdbc.PgStatement.executeInternal", "org.postgresql.core.v3.QueryExecutorImpl.execute",
            "org.postgresql.core.v3.QueryExecutorImpl.processResults", "org.postgresql.core.PGStream.receiveTupleV3",
            "org.postgresql.core.PGStream.receive", "org.postgresql.core.VisibleBufferedInputStream.read",
            "org.postgresql.core.VisibleBufferedInputStream.readMore", "java.net.Socket$SocketInputStream.read",
            "sun.nio.ch.NioSocketImpl.read", "sun.nio.ch.NioSocketImpl.implRead", "sun.nio.ch.SocketDispatcher.read0"},
        {"org.springframework.jdbc.core.JdbcTemplate.query", "org.springframework.jdbc.core.RowMapperResultSetExtractor.extractData",
            "org.springframework.jdbc.core.BeanPropertyRowMapper.mapRow", "org.springframework.jdbc.support.JdbcUtils.getResultSetValue",
            "com.zaxxer.hikari.pool.HikariProxyResultSet.getString", "org.postgresql.jdbc.PgResultSet.getString",
            "org.postgresql.core.Encoding.decode", "java.lang.String.<init>", "java.lang.String.decodeUTF8_UTF16",
            "java.lang.StringUTF16.putChar"},
        {"com.fasterxml.jackson.databind.ObjectWriter.writeValue", "com.fasterxml.jackson.databind.ObjectWriter$GeneratorSettings.serialize",
            "com.fasterxml.jackson.databind.ser.DefaultSerializerProvider.serializeValue", "com.fasterxml.jackson.databind.ser.DefaultSerializerProvider._serialize",
            "com.fasterxml.jackson.databind.ser.BeanSerializer.serialize", "com.fasterxml.jackson.databind.ser.std.BeanSerializerBase.serializeFields",
            "com.fasterxml.jackson.databind.ser.BeanPropertyWriter.serializeAsField", "com.fasterxml.jackson.databind.ser.std.CollectionSerializer.serialize",
            "com.fasterxml.jackson.databind.ser.std.CollectionSerializer.serializeContents", "com.fasterxml.jackson.databind.ser.BeanSerializer.serialize",
            "com.fasterxml.jackson.databind.ser.std.BeanSerializerBase.serializeFields", "com.fasterxml.jackson.databind.ser.BeanPropertyWriter.serializeAsField",
            "com.fasterxml.jackson.databind.ser.std.StringSerializer.serialize", "com.fasterxml.jackson.core.json.UTF8JsonGenerator.writeString",
            "com.fasterxml.jackson.core.json.UTF8JsonGenerator._writeStringSegment2"},
        {"com.fasterxml.jackson.databind.ObjectMapper.readValue", "com.fasterxml.jackson.databind.ObjectMapper._readMapAndClose",
            "com.fasterxml.jackson.databind.deser.DefaultDeserializationContext.readRootValue", "com.fasterxml.jackson.databind.deser.BeanDeserializer.deserialize",
            "com.fasterxml.jackson.databind.deser.BeanDeserializer.vanillaDeserialize", "com.fasterxml.jackson.databind.deser.impl.MethodProperty.deserializeAndSet",
            "com.fasterxml.jackson.databind.deser.std.StringDeserializer.deserialize", "com.fasterxml.jackson.core.json.UTF8StreamJsonParser.getText",
            "com.fasterxml.jackson.core.json.UTF8StreamJsonParser._finishString2", "com.fasterxml.jackson.core.util.TextBuffer.finishCurrentSegment"},
        {"org.slf4j.Logger.info", "ch.qos.logback.classic.Logger.info", "ch.qos.logback.classic.Logger.filterAndLog_1",
            "ch.qos.logback.classic.Logger.buildLoggingEventAndAppend", "ch.qos.logback.classic.Logger.callAppenders",
            "ch.qos.logback.core.spi.AppenderAttachableImpl.appendLoopOnAppenders", "ch.qos.logback.core.UnsynchronizedAppenderBase.doAppend",
            "ch.qos.logback.core.OutputStreamAppender.subAppend", "ch.qos.logback.core.encoder.LayoutWrappingEncoder.encode",
            "ch.qos.logback.classic.PatternLayout.doLayout", "ch.qos.logback.core.pattern.PatternLayoutBase.writeLoopOnConverters",
            "ch.qos.logback.classic.pattern.DateConverter.convert", "ch.qos.logback.core.util.CachingDateFormatter.format",
            "java.time.format.DateTimeFormatter.format", "java.time.format.DateTimePrintContext.getValue"},
        {"java.util.stream.ReferencePipeline.collect", "java.util.stream.AbstractPipeline.evaluate",
            "java.util.stream.ReduceOps$ReduceOp.evaluateSequential", "java.util.stream.AbstractPipeline.wrapAndCopyInto",
            "java.util.stream.AbstractPipeline.copyInto", "java.util.ArrayList$ArrayListSpliterator.forEachRemaining",
            "java.util.stream.ReferencePipeline$3$1.accept", "java.util.stream.ReferencePipeline$2$1.accept",
            "java.util.stream.ReduceOps$3ReducingSink.accept", "java.util.HashMap.computeIfAbsent", "java.util.HashMap.resize"},
        {"java.util.HashMap.put", "java.util.HashMap.putVal", "java.util.HashMap.resize"},
        {"java.lang.String.format", "java.util.Formatter.format", "java.util.Formatter.parse", "java.util.regex.Matcher.find",
            "java.util.regex.Matcher.search", "java.util.regex.Pattern$Start.match", "java.util.regex.Pattern$GroupHead.match",
            "java.util.regex.Pattern$BmpCharPropertyGreedy.match"},
        {"java.util.regex.Pattern.matches", "java.util.regex.Pattern.compile", "java.util.regex.Pattern.<init>",
            "java.util.regex.Pattern.compile", "java.util.regex.Pattern.expr", "java.util.regex.Pattern.sequence",
            "java.util.regex.Pattern.atom"},
        {"java.lang.StringBuilder.append", "java.lang.AbstractStringBuilder.append", "java.lang.AbstractStringBuilder.ensureCapacityInternal",
            "java.util.Arrays.copyOf"},
        {"java.security.MessageDigest.digest", "java.security.MessageDigest$Delegate.engineDigest",
            "sun.security.provider.DigestBase.engineDigest", "sun.security.provider.SHA2.implDigest",
            "sun.security.provider.DigestBase.implCompressMultiBlock", "sun.security.provider.SHA2.implCompress",
            "sun.security.provider.SHA2.implCompress0"},
        {"java.util.ArrayList.sort", "java.util.Arrays.sort", "java.util.TimSort.sort", "java.util.TimSort.mergeCollapse",
            "java.util.TimSort.mergeAt", "java.util.TimSort.mergeHi", "java.util.Comparator$$Lambda.compare",
            "java.util.Comparator.lambda$comparing$77a9974f$1", "java.math.BigDecimal.compareTo"},
        {"java.math.BigDecimal.multiply", "java.math.BigDecimal.multiplyAndRound", "java.math.BigDecimal.doRound",
            "java.math.BigDecimal.divideAndRound", "java.math.BigInteger.divideAndRemainder", "java.math.MutableBigInteger.divideKnuth"},
        {"java.util.UUID.randomUUID", "java.security.SecureRandom.nextBytes", "sun.security.provider.NativePRNG.engineNextBytes",
            "sun.security.provider.NativePRNG$RandomIO.implNextBytes", "sun.security.provider.NativePRNG$RandomIO.getMixRandom"},
    };
    /** JVM and native frames a sample may end in, under Java work. */
    private static final String[][] NATIVE_LEAVES = {
        {"OptoRuntime::new_array_C", "MemAllocator::allocate", "MemAllocator::allocate_inside_tlab_slow", "G1CollectedHeap::allocate_new_tlab"},
        {"SharedRuntime::resolve_static_call_C", "SharedRuntime::resolve_helper", "SharedRuntime::resolve_sub_helper"},
        {"JVM_ArrayCopy", "ObjArrayKlass::copy_array", "__memmove_avx_unaligned_erms"},
        {"Unsafe_CopyMemory0", "__memmove_avx_unaligned_erms"},
        {"__libc_read", "entry_SYSCALL_64_after_hwframe", "do_syscall_64", "ksys_read", "vfs_read", "sock_read_iter", "tcp_recvmsg"},
    };
    /** Other threads of the JVM (root first). */
    private static final String[][] BACKGROUND = {
        {"start_thread", "thread_native_entry", "Thread::call_run", "GangWorker::loop", "G1ParTask::work",
            "G1ParEvacuateFollowersClosure::do_void", "G1ParScanThreadState::trim_queue_to_threshold",
            "G1ParScanThreadState::do_copy_to_survivor_space"},
        {"start_thread", "thread_native_entry", "Thread::call_run", "JavaThread::thread_main_inner",
            "CompileBroker::compiler_thread_loop", "CompileBroker::invoke_compiler_on_method", "C2Compiler::compile_method",
            "Compile::Compile", "Compile::Optimize", "PhaseIdealLoop::optimize", "PhaseIdealLoop::build_and_optimize"},
        {"start_thread", "thread_native_entry", "Thread::call_run", "ConcurrentGCThread::run", "G1ConcurrentRefineThread::run_service",
            "G1ConcurrentRefine::do_refinement_step", "G1DirtyCardQueueSet::refine_completed_buffer_concurrently"},
    };
    private static final String[] SCHEDULED_ROOT = {
        "java.lang.Thread.run",
        "java.util.concurrent.ThreadPoolExecutor$Worker.run",
        "java.util.concurrent.ThreadPoolExecutor.runWorker",
        "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run",
        "java.util.concurrent.FutureTask.runAndReset",
        "java.util.concurrent.Executors$RunnableAdapter.call",
        "org.springframework.scheduling.support.DelegatingErrorHandlingRunnable.run",
        "org.springframework.scheduling.support.ScheduledMethodRunnable.run",
        "java.lang.reflect.Method.invoke",
        "jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke",
    };
    private static final String[] DOMAINS = {"catalog", "order", "cart", "customer", "payment", "search", "inventory", "pricing", "shipping", "review"};
    private static final String[] ENTITIES = {"Product", "Order", "Cart", "Customer", "Payment", "Offer", "Stock", "Price", "Shipment", "Review", "Coupon", "Address"};
    private static final String[] VERBS = {"find", "load", "list", "create", "update", "validate", "calculate", "apply", "resolve",
        "build", "enrich", "map", "check", "reserve", "merge", "filter", "score", "render", "convert", "sync"};

    private final List<StackTrace> pool = new ArrayList<>();
    private final List<Integer> routeOfStack = new ArrayList<>();
    private final double[] zipf;
    private final int routes;
    private final long seed;

    /**
     * @param seed  everything follows from it
     * @param stacks size of the stack pool (the code base's distinct stacks); 20,000 gives ~1.5-3k per profile
     */
    WebAppProfiles(long seed, int stacks) {
        this.seed = seed;
        Random r = new Random(seed);
        List<List<String>> routeChains = new ArrayList<>();
        routes = 48;
        for (int i = 0; i < routes; i++) routeChains.add(route(r));
        List<String> scheduledJobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) scheduledJobs.add(appMethod(r, "job", "Job"));
        Set<StackTrace> seen = new HashSet<>();
        int attempts = 0;
        while (pool.size() < stacks && attempts++ < stacks * 20) {
            int route;
            List<String> rootFirst;
            double kind = r.nextDouble();
            if (kind < 0.06) { // GC, JIT
                route = routes;
                String[] bg = BACKGROUND[r.nextInt(BACKGROUND.length)];
                rootFirst = new ArrayList<>(List.of(bg).subList(0, 4 + r.nextInt(bg.length - 3)));
            } else if (kind < 0.12) { // scheduled jobs
                route = routes + 1;
                rootFirst = new ArrayList<>(List.of(SCHEDULED_ROOT));
                rootFirst.add(scheduledJobs.get(r.nextInt(scheduledJobs.size())));
                addWork(r, rootFirst);
            } else {
                route = r.nextInt(routes);
                rootFirst = new ArrayList<>(List.of(JETTY_ROOT));
                Random rr = new Random(seed * 31 + route); // a route's filter chain is always the same
                int filters = 1 + rr.nextInt(3);
                for (int f = 0; f < filters; f++) {
                    String[] pair = FILTERS[rr.nextInt(FILTERS.length)];
                    rootFirst.add(pair[0]);
                    rootFirst.add(pair[1]);
                    rootFirst.add("org.eclipse.jetty.servlet.ServletHandler$Chain.doFilter");
                }
                rootFirst.addAll(List.of(DISPATCH));
                List<String> chain = routeChains.get(route);
                if (r.nextDouble() < 0.2) { // writing the response body after the controller returned
                    rootFirst.remove(rootFirst.size() - 1);
                    rootFirst.remove(rootFirst.size() - 1);
                    rootFirst.remove(rootFirst.size() - 1);
                    rootFirst.addAll(List.of(RESPONSE_WRITE));
                    rootFirst.addAll(List.of(WORK[2]).subList(0, 3 + r.nextInt(WORK[2].length - 2)));
                } else {
                    rootFirst.addAll(chain.subList(0, 1 + r.nextInt(chain.size())));
                    addWork(r, rootFirst);
                }
            }
            if (rootFirst.size() > 80) continue; // keep within the 30-80 frames of a web app's request threads
            StackTrace st = stack(rootFirst);
            if (seen.add(st)) {
                pool.add(st);
                routeOfStack.add(route);
            }
        }
        // the stacks are in random order, so weight by position: a few hot stacks, a long tail
        zipf = new double[pool.size()];
        for (int i = 0; i < zipf.length; i++) zipf[i] = 1.0 / Math.pow(i + 10, 0.9);
    }

    /** Stacks in the pool. */
    int poolSize() {
        return pool.size();
    }

    /** A controller method and what it calls: services (behind CGLIB/AOP proxies), repositories, mappers. */
    private List<String> route(Random r) {
        List<String> chain = new ArrayList<>();
        String domain = DOMAINS[r.nextInt(DOMAINS.length)];
        chain.add("com.acme.shop." + domain + ".web." + cap(domain) + "Controller." + VERBS[r.nextInt(VERBS.length)]
                + ENTITIES[r.nextInt(ENTITIES.length)] + (r.nextBoolean() ? "s" : ""));
        int calls = 2 + r.nextInt(6);
        for (int i = 0; i < calls; i++) {
            double k = r.nextDouble();
            String d = r.nextDouble() < 0.6 ? domain : DOMAINS[r.nextInt(DOMAINS.length)];
            if (k < 0.45) {
                String svc = "com.acme.shop." + d + ".service." + cap(d) + "Service";
                String m = VERBS[r.nextInt(VERBS.length)] + ENTITIES[r.nextInt(ENTITIES.length)];
                chain.add(svc + "$$EnhancerBySpringCGLIB." + m);
                if (r.nextDouble() < 0.7) chain.addAll(List.of(AOP));
                chain.add(svc + "." + m);
            } else if (k < 0.7) {
                chain.add(appMethod(r, d, cap(d) + "Repository"));
            } else if (k < 0.85) {
                chain.add(appMethod(r, d, ENTITIES[r.nextInt(ENTITIES.length)] + "Mapper"));
                if (r.nextBoolean()) chain.add("com.acme.shop." + d + ".mapper." + ENTITIES[r.nextInt(ENTITIES.length)] + "Mapper$$Lambda.apply");
            } else {
                chain.add(appMethod(r, "common", ENTITIES[r.nextInt(ENTITIES.length)] + "Validator"));
            }
        }
        return chain;
    }

    private static String appMethod(Random r, String domain, String cls) {
        return "com.acme.shop." + domain + "." + cls + "." + VERBS[r.nextInt(VERBS.length)] + ENTITIES[r.nextInt(ENTITIES.length)];
    }

    private static void addWork(Random r, List<String> rootFirst) {
        if (r.nextDouble() < 0.1) return; // self time in application code
        String[] w = WORK[r.nextInt(WORK.length)];
        rootFirst.addAll(List.of(w).subList(0, 1 + r.nextInt(w.length)));
        if (r.nextDouble() < 0.15) {
            String[] n = NATIVE_LEAVES[r.nextInt(NATIVE_LEAVES.length)];
            rootFirst.addAll(List.of(n).subList(0, 1 + r.nextInt(n.length)));
        }
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Frames leaf first; a Java frame's line depends on the call site (its callee), as in real profiles. */
    private static StackTrace stack(List<String> rootFirst) {
        List<Frame> leafFirst = new ArrayList<>(rootFirst.size());
        for (int i = rootFirst.size() - 1; i >= 0; i--) {
            String name = rootFirst.get(i);
            int dot = name.lastIndexOf('.');
            if (dot < 0 || name.contains("::") || !name.contains(".")) {
                boolean kernel = name.startsWith("entry_") || name.startsWith("do_") || name.startsWith("ksys_")
                        || name.startsWith("vfs_") || name.startsWith("sock_") || name.startsWith("tcp_");
                leafFirst.add(Frame.symbol(name, name.contains("::") ? FrameType.VM : kernel ? FrameType.KERNEL : FrameType.NATIVE));
            } else {
                String callee = i + 1 < rootFirst.size() ? rootFirst.get(i + 1) : "";
                int line = 20 + Math.floorMod((name + "->" + callee).hashCode(), 600);
                leafFirst.add(Frame.java(name.substring(0, dot), name.substring(dot + 1), line));
            }
        }
        return StackTrace.ofLeafFirst(leafFirst);
    }

    /**
     * Profile {@code index}: 10 s of CPU, 2,000-4,000 samples of 10 ms (a web app keeping two to
     * four cores busy), as gzip pprof with Cloud Profiler's CPU columns.
     */
    Profile profile(int index, long startEpochNanos) {
        Random r = new Random(seed * 1_000_003L + index);
        double[] routeWeight = new double[routes + 2];
        for (int i = 0; i < routeWeight.length; i++) routeWeight[i] = 0.3 + 1.4 * r.nextDouble();
        double[] cumulative = new double[pool.size()];
        double sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += zipf[i] * routeWeight[routeOfStack.get(i)];
            cumulative[i] = sum;
        }
        int samples = 2000 + r.nextInt(2001);
        ProfileBuilder b = new ProfileBuilder().period(SampleType.CPU, INTERVAL_NANOS)
                .startEpochNanos(startEpochNanos).durationNanos(10_000_000_000L);
        for (int s = 0; s < samples; s++) {
            int i = java.util.Arrays.binarySearch(cumulative, r.nextDouble() * sum);
            if (i < 0) i = -i - 1;
            b.add(SampleType.CPU, pool.get(Math.min(i, pool.size() - 1)), 1, INTERVAL_NANOS);
        }
        return b.build();
    }

    /** {@link #profile} as gzip pprof, the bytes an agent uploads. */
    byte[] gzip(int index, long startEpochNanos) {
        return PprofEncoder.encodeGzip(profile(index, startEpochNanos), SampleType.CPU);
    }

    /** Depth statistics of the pool: {min, median, max}. */
    int[] depths() {
        List<Integer> d = new ArrayList<>();
        for (StackTrace s : pool) d.add(s.depth());
        Collections.sort(d);
        return new int[] {d.get(0), d.get(d.size() / 2), d.get(d.size() - 1)};
    }
}
