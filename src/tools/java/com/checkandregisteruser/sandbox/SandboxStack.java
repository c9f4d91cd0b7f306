package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.Settings;
import com.checkandregisteruser.local.LocalFunctionHost;
import com.checkandregisteruser.local.LocalSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole stack on one machine with nothing but a JDK: embedded PostgreSQL with the project's
 * migrations, the Hasura-compatible sandbox with the project's metadata, and the real function in
 * the local function host, wired as in production (client → sandbox → function → sandbox →
 * PostgreSQL).
 *
 * <p>{@code mvn -Psandbox} runs {@link #main}; end-to-end tests start it in-process with {@link
 * #start}.
 */
public final class SandboxStack implements AutoCloseable {
  /** The demo user {@link #main} mints a JWT for. */
  static final String DEMO_USER = "alice";

  private final PostgresFixture postgres;
  private final HasuraSandbox sandbox;
  private final LocalFunctionHost host;
  private final Jwts jwts;
  private final String adminSecret;
  private final Map<String, String> functionSettings;

  private SandboxStack(
      PostgresFixture postgres,
      HasuraSandbox sandbox,
      LocalFunctionHost host,
      Jwts jwts,
      String adminSecret,
      Map<String, String> functionSettings) {
    this.postgres = postgres;
    this.sandbox = sandbox;
    this.host = host;
    this.jwts = jwts;
    this.adminSecret = adminSecret;
    this.functionSettings = Map.copyOf(functionSettings);
  }

  /**
   * Starts PostgreSQL, the function host and the sandbox, each secret random for this run.
   *
   * @param functionSettings the function's settings; {@code GRAPHQL_BASE_API} is set here to the
   *     sandbox, and a random {@code TOKEN_ENCRYPTION_KEY} and {@code ACTION_SECRET} are added when
   *     absent
   * @param sandboxPort 0 for any free port
   * @param hostPort 0 for any free port
   * @param hostLog where the function host prints its log
   */
  public static SandboxStack start(
      Map<String, String> functionSettings, int sandboxPort, int hostPort, PrintStream hostLog) {
    return start(functionSettings, sandboxPort, hostPort, hostLog, null);
  }

  /**
   * Starts the stack as {@link #start(Map, int, int, PrintStream)} does, with another action
   * timeout.
   */
  public static SandboxStack start(
      Map<String, String> functionSettings,
      int sandboxPort,
      int hostPort,
      PrintStream hostLog,
      Duration actionTimeout) {
    Map<String, String> settings = new HashMap<>(functionSettings);
    settings.putIfAbsent(
        Settings.TOKEN_ENCRYPTION_KEY, Base64.getEncoder().encodeToString(randomBytes(32)));
    settings.putIfAbsent(Settings.ACTION_SECRET, HexFormat.of().formatHex(randomBytes(24)));
    String jwtKey = HexFormat.of().formatHex(randomBytes(32));
    String adminSecret = HexFormat.of().formatHex(randomBytes(16));
    // The host must know the sandbox's URL and the sandbox the host's: fix the sandbox's port
    // first.
    int graphqlPort = sandboxPort != 0 ? sandboxPort : freePort();
    settings.put(Settings.GRAPHQL_BASE_API, "http://127.0.0.1:" + graphqlPort);

    PostgresFixture postgres = PostgresFixture.start();
    LocalFunctionHost host = null;
    try {
      host = LocalFunctionHost.start(settings, hostPort, hostLog);
      HasuraSandbox sandbox =
          HasuraSandbox.builder()
              .dataSource(postgres.dataSource())
              .jwtKey(jwtKey)
              .adminSecret(adminSecret)
              .port(graphqlPort)
              .actionBaseUrl(host.baseUrl())
              .environment("ACTION_SECRET", settings.get(Settings.ACTION_SECRET))
              // Core Tools and this host do not check function keys; Hasura still needs the
              // variable set.
              .environment("ACTION_FUNCTIONS_KEY", "not-checked-locally")
              .actionTimeout(actionTimeout)
              .start();
      return new SandboxStack(postgres, sandbox, host, new Jwts(jwtKey), adminSecret, settings);
    } catch (RuntimeException e) {
      if (host != null) {
        host.close();
      }
      postgres.close();
      throw e;
    }
  }

  public PostgresFixture postgres() {
    return postgres;
  }

  public HasuraSandbox sandbox() {
    return sandbox;
  }

  public LocalFunctionHost host() {
    return host;
  }

  public Jwts jwts() {
    return jwts;
  }

  public String adminSecret() {
    return adminSecret;
  }

  /** The settings the function runs with (including the generated key and action secret). */
  public Map<String, String> functionSettings() {
    return functionSettings;
  }

  @Override
  public void close() {
    try {
      sandbox.close();
    } finally {
      try {
        host.close();
      } finally {
        postgres.close();
      }
    }
  }

  /** {@code mvn -Psandbox}: starts the stack on 127.0.0.1:8080 and :7071 and prints what to try. */
  public static void main(String[] args) throws InterruptedException {
    LocalFunctionHost.disableNagle();
    Map<String, String> env = System.getenv();
    Path file = Path.of(LocalSettings.FILE_NAME).toAbsolutePath();
    Map<String, String> settings =
        new HashMap<>(Files.isRegularFile(file) ? LocalSettings.load(file, env) : env);
    // The sandbox is this run's Hasura; a key or secret meant for another stack is not reused here.
    settings.remove(Settings.ACTION_SECRET);
    if (settings.getOrDefault(Settings.TOKEN_ENCRYPTION_KEY, "").isBlank()) {
      settings.remove(Settings.TOKEN_ENCRYPTION_KEY);
    }
    int sandboxPort = LocalFunctionHost.portFrom("HASURA_PORT", env.get("HASURA_PORT"), 8080);
    int hostPort =
        LocalFunctionHost.portFrom("PORT", env.get("PORT"), LocalFunctionHost.DEFAULT_PORT);

    SandboxStack stack = start(settings, sandboxPort, hostPort, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  System.out.println("sandbox stack stopped");
                  stopped.countDown();
                },
                "sandbox-stack-shutdown"));
    System.out.println(SandboxBanner.text(stack, env.containsKey(Settings.TOKEN_ENCRYPTION_KEY)));
    stopped.await();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
