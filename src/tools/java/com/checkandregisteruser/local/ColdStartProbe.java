package com.checkandregisteruser.local;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Measures one fresh JVM's cold start through the worker-like load path, without the HTTP host:
 * load (FunctionLoad: class, injector, warm-up start) to the first answer, and the first invocation
 * alone.
 *
 * <pre>
 * GRAPHQL_BASE_API=http://127.0.0.1:PORT TOKEN_ENCRYPTION_KEY=... TOKEN_ENCRYPTION_KEY_ID=k1 \
 *   java -cp CP com.checkandregisteruser.local.ColdStartProbe PORT [DELAY_MS]
 * </pre>
 *
 * The settings are the environment, as on Azure (so the probe measures a build without the warm-up
 * as well); PORT is where the probe itself serves a Hasura stand-in ({@code /healthz} and an
 * existing user), started before the clock. DELAY_MS (default 0) is the pause between the load and
 * the first invocation. Prints one line {@code COLDSTART load_ms=... first_call_ms=...
 * load_to_answer_ms=... status=... classes_at_load=... classes_in_first_call=... process_cpu_ms=...
 * first_call_thread_cpu_ms=...}: wall-clock times, then figures a busy machine blurs less: the
 * classes the load and the first invocation loaded, the CPU the whole process spent from the load
 * to the answer (the warm-up's and the JIT's included), and the invoking thread's CPU during the
 * first call (waiting for the warm-up's build is not CPU).
 */
public final class ColdStartProbe {
  private static final String EXISTING_USER = "{\"data\":{\"user\":[{\"username\":\"alice\"}]}}";
  private static final String PAYLOAD =
      "{\"action\":{\"name\":\"checkAndRegisterUser\"},\"input\":{},\"session_variables\":"
          + "{\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\"alice\","
          + "\"x-hasura-access-token\":\"tok-alice\",\"x-hasura-access-token-secret\":\"sec-alice\"}}";

  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long delayMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
    HttpServer hasura = startHasura(port);
    // The host's own classes, loaded before the clock: the worker's are loaded before it too.
    Headers headers = new Headers();
    headers.add("Authorization", "Bearer probe");
    headers.add("Content-Type", "application/json");
    URI url = URI.create("http://127.0.0.1:7071/api/checkAndRegisterUser");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    byte[] body = PAYLOAD.getBytes(StandardCharsets.UTF_8);
    LocalHttpRequest.of("POST", url, headers, body);
    LocalExecutionContext.newInvocation(LocalFunctionHost.FUNCTION_NAME, quiet);

    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long classesBefore = classes.getTotalLoadedClassCount();
    long cpuBefore = os.getProcessCpuTime();
    long started = System.nanoTime();
    WorkerLikeFunctionLoad function =
        WorkerLikeFunctionLoad.load(FunctionAppClassLoader.forProduct(), null);
    long loaded = System.nanoTime();
    long classesAtLoad = classes.getTotalLoadedClassCount();
    if (delayMillis > 0) {
      Thread.sleep(delayMillis);
    }
    long invoked = System.nanoTime();
    long threadCpuAtInvocation = threads.getCurrentThreadCpuTime();
    long classesAtInvocation = classes.getTotalLoadedClassCount();
    HttpResponseMessage response =
        function.run(
            LocalHttpRequest.of("POST", url, headers, body),
            LocalExecutionContext.newInvocation(LocalFunctionHost.FUNCTION_NAME, quiet));
    long answered = System.nanoTime();
    long threadCpuAfter = threads.getCurrentThreadCpuTime();
    long cpuAfter = os.getProcessCpuTime();
    long classesAfter = classes.getTotalLoadedClassCount();
    hasura.stop(0);
    System.out.println(
        "COLDSTART load_ms="
            + millis(loaded - started)
            + " first_call_ms="
            + millis(answered - invoked)
            + " load_to_answer_ms="
            + millis(answered - started - (invoked - loaded))
            + " status="
            + response.getStatusCode()
            + " classes_at_load="
            + (classesAtLoad - classesBefore)
            + " classes_in_first_call="
            + (classesAfter - classesAtInvocation)
            + " process_cpu_ms="
            + millis(cpuAfter - cpuBefore)
            + " first_call_thread_cpu_ms="
            + millis(threadCpuAfter - threadCpuAtInvocation));
    // The JDK server's dispatcher thread is not a daemon and now and then outlives stop(0).
    System.exit(0);
  }

  private static String millis(long nanos) {
    return String.valueOf(Math.round(nanos / 100_000.0) / 10.0);
  }

  private static HttpServer startHasura(int port) throws IOException {
    HttpServer server =
        JdkHttpServers.http(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 16);
    server.createContext("/healthz", exchange -> answer(exchange, "OK"));
    server.createContext("/v1/graphql", exchange -> answer(exchange, EXISTING_USER));
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "probe-hasura");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
    return server;
  }

  private static void answer(HttpExchange exchange, String text) throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
