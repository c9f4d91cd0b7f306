package com.checkandregisteruser.local;

import com.checkandregisteruser.Application;
import com.checkandregisteruser.CheckAndRegisterUserFunction;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

/**
 * Serves {@code POST http://127.0.0.1:PORT/api/checkAndRegisterUser} by calling the real {@link
 * CheckAndRegisterUserFunction}, standing in for Azure Functions Core Tools, which cannot be
 * installed here.
 *
 * <p>What it does as the Functions host and Java worker do: header names reach the function
 * lower-cased, the body is {@code Optional.empty()} when the request has none, every invocation
 * gets a new function instance and a fresh invocation id, and invocations run concurrently (on
 * {@value #THREADS} threads) over one {@link Application}. The function is loaded as the worker
 * loads it ({@link WorkerLikeFunctionLoad}), so its warm-up starts when the host starts. Like Core
 * Tools, it does not check function keys: the function's {@code authLevel = FUNCTION} only matters
 * on Azure.
 *
 * <p>It never logs headers or bodies, so no Authorization, token, action secret or function key
 * reaches its output; the function's own log lines are secret-free by design.
 */
public final class LocalFunctionHost implements AutoCloseable {
  /** The name the function has on Azure (its {@code @FunctionName}). */
  public static final String FUNCTION_NAME = "action_checkAndRegisterUser";

  /** The route prefix the Functions host puts before every HTTP function's route. */
  public static final String ROUTE_PREFIX = "/api";

  /** The function's route, matched regardless of case as ASP.NET Core routing does on Azure. */
  public static final String ROUTE = ROUTE_PREFIX + "/checkAndRegisterUser";

  /** Core Tools' default port. */
  public static final int DEFAULT_PORT = 7071;

  static final int THREADS = 64;
  private static final int BACKLOG = 256;
  // The server computes these from what it sends; a function's own values would contradict the
  // body.
  private static final Set<String> FRAMING_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection");

  /** What the host invokes per request: the function's {@code run} on a new instance. */
  @FunctionalInterface
  interface HttpFunction {
    HttpResponseMessage run(HttpRequestMessage<Optional<String>> request, ExecutionContext context);
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpFunction function;
  private final PrintStream log;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalFunctionHost(
      HttpServer server, ExecutorService executor, HttpFunction function, PrintStream log) {
    this.server = server;
    this.executor = executor;
    this.function = function;
    this.log = log;
  }

  /**
   * Starts the host on 127.0.0.1, logging to standard output.
   *
   * @param settings the settings the worker would see as its environment, e.g. from {@link
   *     LocalSettings#load}
   * @param port the port, or 0 for any free one (see {@link #port()})
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static LocalFunctionHost start(Map<String, String> settings, int port) {
    return start(settings, port, System.out);
  }

  /** Starts the host as {@link #start(Map, int)} does, printing the log to {@code log} instead. */
  public static LocalFunctionHost start(Map<String, String> settings, int port, PrintStream log) {
    // Loaded as the Java worker loads it, in a class loader of its own: the warm-up starts here,
    // and every invocation gets a new instance from the function's injector.
    return start(WorkerLikeFunctionLoad.load(settings), port, log);
  }

  /**
   * Starts the host as {@link #start(Map, int, PrintStream)} does, on the function app {@code mvn
   * package} wrote in {@code app} (e.g. target/azure-functions/NAME) instead of target/classes: the
   * shipped jar, with only what the worker provides beside it.
   */
  public static LocalFunctionHost startPackaged(
      Path app, Map<String, String> settings, int port, PrintStream log) {
    return start(
        WorkerLikeFunctionLoad.load(FunctionAppClassLoader.forPackage(app), settings), port, log);
  }

  static LocalFunctionHost start(HttpFunction function, int port, PrintStream log) {
    HttpServer server;
    try {
      server =
          JdkHttpServers.http(
              new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), BACKLOG);
    } catch (BindException e) {
      throw new UncheckedIOException(
          "cannot listen on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "): is another host running? Choose another port with PORT=...",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
    LocalFunctionHost host = new LocalFunctionHost(server, executor, function, log);
    server.createContext("/", host::handle);
    server.setExecutor(executor);
    server.start();
    return host;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "local-function-host-" + count.incrementAndGet());
      thread.setDaemon(
          true); // never the reason a JVM stays up; close() and the shutdown hook stop them
      return thread;
    };
  }

  /** Returns the port the host listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns {@code http://127.0.0.1:PORT/api}: Hasura's {@code ACTION_BASE_URL} for this host. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + ROUTE_PREFIX;
  }

  /** Returns the function's URL, {@code http://127.0.0.1:PORT/api/checkAndRegisterUser}. */
  public String functionUrl() {
    return "http://127.0.0.1:" + port() + ROUTE;
  }

  /**
   * Stops listening (the port is free when this returns) and ends the worker threads; idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // stop(0): JDK 17's stop(n) may wait the full n seconds even when nothing is in flight.
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      // Read the whole body before answering, so that a keep-alive connection stays usable.
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!ROUTE.equalsIgnoreCase(path)) {
        answerEmpty(exchange, 404);
      } else if (!"POST".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "POST");
        answerEmpty(exchange, 405);
      } else {
        invoke(exchange, body);
      }
    } catch (IOException e) {
      // The client went away mid-exchange: there is no one left to answer.
    } finally {
      exchange.close();
    }
  }

  private void invoke(HttpExchange exchange, byte[] body) throws IOException {
    long started = System.nanoTime();
    LocalHttpRequest request =
        LocalHttpRequest.of(
            exchange.getRequestMethod(), requestUrl(exchange), exchange.getRequestHeaders(), body);
    LocalExecutionContext context = LocalExecutionContext.newInvocation(FUNCTION_NAME, log);
    HttpResponseMessage response;
    try {
      response = function.run(request, context);
    } catch (RuntimeException | Error e) {
      // The Functions host answers 500 with an empty body when a function throws. The worker calls
      // it reflectively, so an Error counts too: a class missing from the package throws
      // NoClassDefFoundError, and that invocation fails while the next one is still served.
      context.getLogger().log(Level.SEVERE, "the function threw; answering 500", e);
      executed(context, "Failed", 500, started);
      answerEmpty(exchange, 500);
      return;
    }
    int status = response == null ? 204 : response.getStatusCode();
    // As on Azure: "Succeeded" means the function returned, whatever status it chose.
    executed(context, "Succeeded", status, started);
    if (response == null) {
      answerEmpty(exchange, 204); // the worker's answer to a function that returns null
    } else {
      write(exchange, response);
    }
  }

  private void executed(LocalExecutionContext context, String outcome, int status, long started) {
    log.println(
        "["
            + Instant.now().truncatedTo(ChronoUnit.MILLIS)
            + "] Executed 'Functions."
            + FUNCTION_NAME
            + "' ("
            + outcome
            + ", Id="
            + context.getInvocationId()
            + ", Status="
            + status
            + ", Duration="
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
            + "ms)");
  }

  /**
   * The URL as the host passes it on: scheme, the Host the client addressed, raw path and query.
   */
  private URI requestUrl(HttpExchange exchange) {
    URI target = exchange.getRequestURI();
    String host = exchange.getRequestHeaders().getFirst("Host");
    String query = target.getRawQuery() == null ? "" : "?" + target.getRawQuery();
    if (host != null && !host.isBlank()) {
      try {
        return new URI("http://" + host.trim() + target.getRawPath() + query);
      } catch (URISyntaxException e) {
        // fall through to the address the client connected to
      }
    }
    return URI.create("http://127.0.0.1:" + port() + target.getRawPath() + query);
  }

  private static void write(HttpExchange exchange, HttpResponseMessage response)
      throws IOException {
    int status = response.getStatusCode();
    Headers out = exchange.getResponseHeaders();
    byte[] body;
    if (response instanceof LocalHttpResponse local) {
      local
          .headers()
          .forEach(
              (name, value) -> {
                if (!FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && value != null) {
                  out.set(name, value);
                }
              });
      body = local.bodyBytes();
      if (!out.containsKey("Content-Type") && body.length > 0) {
        out.set("Content-Type", local.defaultContentType());
      }
    } else {
      // A response the function built itself: only what the interface exposes can be sent.
      String contentType = response.getHeader("Content-Type");
      if (contentType != null) {
        out.set("Content-Type", contentType);
      }
      Object value = response.getBody();
      body =
          value == null
              ? new byte[0]
              : value instanceof byte[] bytes
                  ? bytes
                  : value.toString().getBytes(StandardCharsets.UTF_8);
    }
    if (status == 204 || status == 304 || status < 200 || body.length == 0) {
      // -1: no body and, except for 1xx/204/304, "Content-Length: 0" (0 would mean chunked).
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length); // sets Content-Length
    try (OutputStream stream = exchange.getResponseBody()) {
      stream.write(body);
    }
  }

  private static void answerEmpty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
  }

  /**
   * Runs the host until Ctrl-C: {@code mvn -Plocal}, or {@code java ... LocalFunctionHost
   * [settings.json]}.
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    int port = portFrom(env.get("PORT"));
    Path settingsFile =
        Path.of(args.length > 0 ? args[0] : LocalSettings.FILE_NAME).toAbsolutePath().normalize();
    Map<String, String> settings = LocalSettings.load(settingsFile, env);
    LocalFunctionHost host = start(settings, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  host.close();
                  System.out.println("local function host stopped");
                  stopped.countDown();
                },
                "local-function-host-shutdown"));
    System.out.println(
        LocalHostBanner.text(
            host.functionUrl(),
            settingsFile,
            LocalSettings.overriddenNames(settingsFile, env),
            settings));
    // exec:java runs main inside Maven's JVM: returning would let Maven finish and take the host
    // with it.
    stopped.await();
  }

  static int portFrom(String value) {
    return portFrom("PORT", value, DEFAULT_PORT);
  }

  /** Reads a port from the environment variable {@code name}: blank means {@code fallback}. */
  public static int portFrom(String name, String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a port number from 0 to 65535, not '" + value + "'");
  }
}
