import com.checkandregisteruser.Application;
import com.checkandregisteruser.CheckAndRegisterUserFunction;
import com.checkandregisteruser.local.LocalHttpRequest;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The function without any HTTP host: calls {@link CheckAndRegisterUserFunction#run} directly (with
 * the request type the local host builds and a context whose logger discards), against the same
 * upstream stub. Used by bench/run for what the HTTP host would blur.
 *
 * <pre>
 * java -cp CP:bench-classes FunctionProbe first            first calls in a fresh JVM, broken down
 * java -cp CP:bench-classes FunctionProbe load WAIT_MS     load as the Java worker does, wait, first call
 * java -cp CP:bench-classes FunctionProbe loop MODE C SECS [WARM]  MODE existing|new, C threads, SECS seconds
 *                                                                  measured after WARM seconds (default SECS)
 * </pre>
 *
 * Settings come from the environment (GRAPHQL_BASE_API, TOKEN_ENCRYPTION_KEY, ACTION_SECRET...), as
 * on Azure. Prints one line "PROBEJSON {...}".
 */
public final class FunctionProbe {
  private static final String SECRET = System.getenv().getOrDefault("ACTION_SECRET", "");

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "first" -> first();
      case "load" -> load(Long.parseLong(args[1]));
      case "loop" ->
          loop(
              args[1],
              Integer.parseInt(args[2]),
              Double.parseDouble(args[3]),
              args.length > 4 ? Double.parseDouble(args[4]) : Double.parseDouble(args[3]));
      default ->
          throw new IllegalArgumentException(
              "usage: FunctionProbe first | load WAIT_MS"
                  + " | loop existing|new THREADS SECONDS [WARMUP_SECONDS]");
    }
  }

  private static final URI URL = URI.create("http://127.0.0.1:7071/api/checkAndRegisterUser");

  /** A context like the worker's, whose logger drops every record (the log line is still built). */
  private static final ExecutionContext CONTEXT =
      new ExecutionContext() {
        private final Logger logger = discardingLogger();

        @Override
        public Logger getLogger() {
          return logger;
        }

        @Override
        public String getInvocationId() {
          return "probe";
        }

        @Override
        public String getFunctionName() {
          return "action_checkAndRegisterUser";
        }
      };

  private static Logger discardingLogger() {
    Logger logger = Logger.getAnonymousLogger();
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.INFO);
    return logger;
  }

  static Map<String, List<String>> headers() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("Authorization", List.of("Bearer bench-jwt"));
    if (!SECRET.isEmpty()) {
      headers.put("x-action-secret", List.of(SECRET));
    }
    return headers;
  }

  static byte[] body(String username) {
    return ("{\"action\":{\"name\":\"checkAndRegisterUser\"},\"input\":{},\"session_variables\":{"
            + "\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\""
            + username
            + "\","
            + "\"x-hasura-access-token\":\"bench-access-token-0123456789\","
            + "\"x-hasura-access-token-secret\":\"bench-access-token-secret-0123456789\"},"
            + "\"request_query\":\"mutation { checkAndRegisterUser { affected_rows } }\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** One invocation as the worker makes it: a new function instance, run(request, context). */
  static void call(Application app, Map<String, List<String>> headers, String username) {
    HttpResponseMessage response =
        new CheckAndRegisterUserFunction(app)
            .run(LocalHttpRequest.of("POST", URL, headers, body(username)), CONTEXT);
    if (response.getStatusCode() != 200) {
      throw new IllegalStateException(
          "unexpected answer " + response.getStatusCode() + " " + response.getBody());
    }
  }

  private static void first() {
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    long mainAtMs = System.currentTimeMillis();
    long classesAtMain = classes.getTotalLoadedClassCount();
    String prefix = "probe-" + Long.toString(System.nanoTime(), 36);
    Map<String, List<String>> headers = headers();

    long t0 = System.nanoTime();
    Application app = Application.fromSettings(System.getenv());
    long t1 = System.nanoTime();
    long classesAfterInit = classes.getTotalLoadedClassCount();
    call(app, headers, "alice");
    long t2 = System.nanoTime();
    long classesAfterFirst = classes.getTotalLoadedClassCount();
    call(app, headers, prefix + "-1");
    long t3 = System.nanoTime();
    long classesAfterFirstNew = classes.getTotalLoadedClassCount();
    call(app, headers, "alice");
    long t4 = System.nanoTime();
    call(app, headers, prefix + "-2");
    long t5 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "PROBEJSON {\"jvm_to_main_ms\":%d,\"classes_at_main\":%d,"
            + "\"init_ms\":%.2f,\"init_classes\":%d,"
            + "\"first_existing_ms\":%.2f,\"first_existing_classes\":%d,"
            + "\"first_new_ms\":%.2f,\"first_new_classes\":%d,"
            + "\"second_existing_ms\":%.2f,\"second_new_ms\":%.2f}%n",
        mainAtMs - jvmStartMs,
        classesAtMain,
        ms(t1 - t0),
        classesAfterInit - classesAtMain,
        ms(t2 - t1),
        classesAfterFirst - classesAfterInit,
        ms(t3 - t2),
        classesAfterFirstNew - classesAfterFirst,
        ms(t4 - t3),
        ms(t5 - t4));
  }

  static final String FUNCTION_CLASS = "com.checkandregisteruser.CheckAndRegisterUserFunction";
  static final String INJECTOR_SPI =
      "com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector";

  /**
   * What the Azure Java worker (2.17) does, in-process: at FunctionLoad it loads the function class
   * without initialising it and looks up the one FunctionInstanceInjector through ServiceLoader
   * (whose construction is the only code of ours it runs then); every invocation asks the injector
   * for an instance (without one: the no-argument constructor, which builds the Application from
   * the environment on first use). Then {@code waitMs} of nothing, as between a load and the first
   * request, and the first invocation. Reflection only, so that the probe compiles and runs with or
   * without the SPI on the class path.
   */
  private static void load(long waitMs) throws Exception {
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    long mainAtMs = System.currentTimeMillis();
    Map<String, List<String>> headers = headers();
    byte[] body = body("alice");
    ClassLoader loader = FunctionProbe.class.getClassLoader();
    long classesAtLoad = classes.getTotalLoadedClassCount();

    long t0 = System.nanoTime();
    Class<?> function = Class.forName(FUNCTION_CLASS, false, loader);
    java.lang.reflect.Method run =
        function.getMethod(
            "run", com.microsoft.azure.functions.HttpRequestMessage.class, ExecutionContext.class);
    Object injector = null;
    java.lang.reflect.Method getInstance = null;
    try {
      Class<?> spi = Class.forName(INJECTOR_SPI, true, loader);
      java.util.Iterator<?> found = java.util.ServiceLoader.load(spi, loader).iterator();
      if (found.hasNext()) {
        injector = found.next();
        getInstance = spi.getMethod("getInstance", Class.class);
      }
    } catch (ClassNotFoundException e) {
      // No SPI on the class path: the worker then uses the no-argument constructor.
    }
    long t1 = System.nanoTime();
    long classesAfterLoad = classes.getTotalLoadedClassCount();
    if (waitMs > 0) {
      Thread.sleep(waitMs);
    }
    long classesBeforeCall = classes.getTotalLoadedClassCount();
    long t2 = System.nanoTime();
    // In the worker's order (2.17.0): it binds the arguments, this request among them, before it
    // asks for the instance (JavaMethodInvokeInfo.invoke), as the local host does too.
    LocalHttpRequest request = LocalHttpRequest.of("POST", URL, headers, body);
    Object instance =
        injector != null
            ? getInstance.invoke(injector, function)
            : function.getDeclaredConstructor().newInstance();
    HttpResponseMessage response = (HttpResponseMessage) run.invoke(instance, request, CONTEXT);
    long t3 = System.nanoTime();
    if (response.getStatusCode() != 200) {
      throw new IllegalStateException(
          "unexpected answer " + response.getStatusCode() + " " + response.getBody());
    }
    System.out.printf(
        Locale.ROOT,
        "PROBEJSON {\"jvm_to_main_ms\":%d,\"injector\":%s,\"wait_ms\":%d,"
            + "\"load_ms\":%.2f,\"load_classes\":%d,\"classes_during_wait\":%d,"
            + "\"first_call_ms\":%.2f,\"first_call_classes\":%d,"
            + "\"load_to_first_answer_ms\":%.2f}%n",
        mainAtMs - jvmStartMs,
        injector == null ? "null" : "\"" + injector.getClass().getName() + "\"",
        waitMs,
        ms(t1 - t0),
        classesAfterLoad - classesAtLoad,
        classesBeforeCall - classesAfterLoad,
        ms(t3 - t2),
        classes.getTotalLoadedClassCount() - classesBeforeCall,
        ms(t3 - t0));
  }

  private static void loop(String mode, int threads, double seconds, double warmupSeconds)
      throws Exception {
    Application app = Application.fromSettings(System.getenv());
    boolean fresh = mode.equals("new");
    String prefix = "loop-" + Long.toString(System.nanoTime(), 36);
    // The CPU clocks are read once before the warm-up: their first use loads the management
    // classes, and classes loaded during the measured seconds can make the JIT throw compiled code
    // away.
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    os.getProcessCpuTime();
    ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    Measured measured = run(app, fresh, prefix, threads, warmupSeconds, seconds, os);
    long[] all =
        Arrays.stream(measured.latencies()).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "PROBEJSON {\"mode\":\"%s\",\"threads\":%d,\"calls\":%d,\"rps\":%.1f,"
            + "\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,\"cpu_us_per_call\":%.1f,"
            + "\"caller_cpu_us_per_call\":%.1f}%n",
        mode,
        threads,
        all.length,
        all.length / seconds,
        pct(all, 50) / 1e3,
        pct(all, 90) / 1e3,
        pct(all, 99) / 1e3,
        measured.processCpuNanos() / 1e3 / all.length,
        measured.callerCpuNanos() / 1e3 / all.length);
  }

  /** What the measured seconds took: each thread's latencies, the process's and callers' CPU. */
  private record Measured(long[][] latencies, long processCpuNanos, long callerCpuNanos) {}

  /**
   * Each thread warms up and is then measured on the same thread, all threads starting and ending
   * the measured part together: a thread started for the measurement alone finds empty per-thread
   * caches (the JDK's socket buffer cache, okio's segment pool), and the paths that takes make the
   * JIT deoptimise and recompile okio's and the socket's hot methods inside the measured seconds.
   */
  private static Measured run(
      Application app,
      boolean fresh,
      String prefix,
      int threads,
      double warmupSeconds,
      double seconds,
      com.sun.management.OperatingSystemMXBean os)
      throws InterruptedException {
    long[][] latencies = new long[threads][];
    AtomicLong processCpu = new AtomicLong();
    AtomicLong callerCpu = new AtomicLong();
    AtomicLong measuredEnd = new AtomicLong();
    // The last thread to finish the warm-up starts the process's CPU clock and sets the end.
    CyclicBarrier start =
        new CyclicBarrier(
            threads,
            () -> {
              processCpu.set(-os.getProcessCpuTime());
              measuredEnd.set(System.nanoTime() + (long) (seconds * 1e9));
            });
    CyclicBarrier stop =
        new CyclicBarrier(threads, () -> processCpu.addAndGet(os.getProcessCpuTime()));
    CountDownLatch done = new CountDownLatch(threads);
    AtomicLong failures = new AtomicLong();
    for (int t = 0; t < threads; t++) {
      int id = t;
      new Thread(
              () -> {
                Map<String, List<String>> headers = headers();
                java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                try {
                  long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
                  for (int n = 0; System.nanoTime() < warmupEnd; n++) {
                    call(app, headers, fresh ? prefix + "w-" + id + "-" + n : "alice");
                  }
                  start.await();
                  long cpuStart = mx.getCurrentThreadCpuTime();
                  long end = measuredEnd.get();
                  long[] mine = new long[1 << 16];
                  int n = 0;
                  while (System.nanoTime() < end) {
                    String user = fresh ? prefix + "-" + id + "-" + n : "alice";
                    long s = System.nanoTime();
                    call(app, headers, user);
                    if (n == mine.length) {
                      mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - s;
                  }
                  callerCpu.addAndGet(mx.getCurrentThreadCpuTime() - cpuStart);
                  latencies[id] = Arrays.copyOf(mine, n);
                  stop.await();
                } catch (RuntimeException | InterruptedException | BrokenBarrierException e) {
                  failures.incrementAndGet();
                  e.printStackTrace();
                  start.reset();
                  stop.reset();
                } finally {
                  done.countDown();
                }
              })
          .start();
    }
    done.await();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " probe threads failed");
    }
    return new Measured(latencies, processCpu.get(), callerCpu.get());
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static long pct(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }
}
