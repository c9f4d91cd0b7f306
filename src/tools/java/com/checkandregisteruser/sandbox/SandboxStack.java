package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.Settings;
import com.checkandregisteruser.local.LocalFunctionHost;
import com.checkandregisteruser.local.LocalSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whole stack on one machine with nothing but a JDK: embedded PostgreSQL with the project's
 * migrations, the Hasura-compatible sandbox with the project's metadata, and the real function in
 * the local function host, wired as in production (client → sandbox → function → sandbox →
 * PostgreSQL).
 *
 * <p>{@code mvn -Psandbox} runs {@link #main}; end-to-end tests start it in-process with {@link
 * #builder} or {@link #start}. Every secret not given is random for the run, and {@link
 * #generated()} says which.
 */
public final class SandboxStack implements AutoCloseable {
  /** The demo user the banner mints a JWT for. */
  static final String DEMO_USER = "alice";

  /** What {@link #main} prints, then the GraphQL URL, once everything is up. */
  static final String READY_LINE = "HASURA_GRAPHQL_URL=";

  /** Hasura's admin secret setting, which the sandbox reads as the real server does. */
  public static final String ADMIN_SECRET = "HASURA_GRAPHQL_ADMIN_SECRET";

  private final PostgresFixture postgres;
  private final HasuraSandbox sandbox;
  private final LocalFunctionHost host;
  private final JwtSecret jwtSecret;
  private final String adminSecret;
  private final Map<String, String> functionSettings;
  private final Set<String> generated;
  private boolean closed;

  private SandboxStack(
      PostgresFixture postgres,
      HasuraSandbox sandbox,
      LocalFunctionHost host,
      JwtSecret jwtSecret,
      String adminSecret,
      Map<String, String> functionSettings,
      Set<String> generated) {
    this.postgres = postgres;
    this.sandbox = sandbox;
    this.host = host;
    this.jwtSecret = jwtSecret;
    this.adminSecret = adminSecret;
    this.functionSettings = Map.copyOf(functionSettings);
    this.generated = Set.copyOf(generated);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts PostgreSQL, the function host and the sandbox with random Hasura secrets.
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
    return builder()
        .functionSettings(functionSettings)
        .sandboxPort(sandboxPort)
        .hostPort(hostPort)
        .hostLog(hostLog)
        .start();
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

  /**
   * A JWT minter with the sandbox's key.
   *
   * @throws IllegalStateException when the JWT secret is a {@code jwk_url}: its identity provider
   *     signs the tokens
   */
  public Jwts jwts() {
    return new Jwts(jwtSecret.key());
  }

  public JwtSecret jwtSecret() {
    return jwtSecret;
  }

  public String adminSecret() {
    return adminSecret;
  }

  /** The settings the function runs with (including generated key and action secret). */
  public Map<String, String> functionSettings() {
    return functionSettings;
  }

  /**
   * The settings made up for this run because none was given: some of {@link JwtSecret#SETTING},
   * {@link #ADMIN_SECRET}, {@code TOKEN_ENCRYPTION_KEY} and {@code ACTION_SECRET}.
   */
  public Set<String> generated() {
    return generated;
  }

  /** Stops everything and deletes PostgreSQL's data directory; safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
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

  /**
   * {@code mvn -Psandbox}: starts the stack with the settings of {@link SandboxSettings}, prints
   * what to try, and on Ctrl-C stops it, deletes PostgreSQL's data and returns (status 0).
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    SandboxStack stack;
    SandboxSettings settings;
    StopSignal stop = StopSignal.install();
    try {
      settings = SandboxSettings.from(env, Path.of(LocalSettings.FILE_NAME).toAbsolutePath());
      stack = settings.builder().hostLog(System.out).start();
    } catch (RuntimeException e) {
      stop.restore();
      System.err.println("sandbox stack not started: " + messages(e));
      System.exit(1);
      return;
    }
    // SIGTERM still ends the JVM through its shutdown hooks.
    Thread onTerminate = new Thread(stack::close, "sandbox-stack-shutdown");
    Runtime.getRuntime().addShutdownHook(onTerminate);
    System.out.println(
        SandboxBanner.text(
            stack, settings.origins(), SandboxBanner.onPath("psql", env.get("PATH"))));
    // On a line of its own for scripts that start the stack and wait for it (e.g. the example
    // app's browser test, examples/nextjs/e2e/sandbox-backend.sh).
    System.out.println(READY_LINE + stack.sandbox().graphqlUri());
    stop.await();
    stack.close();
    Runtime.getRuntime().removeShutdownHook(onTerminate);
    stop.restore();
    System.out.println(
        "sandbox stack stopped; its PostgreSQL data ("
            + stack.postgres().dataDirectory()
            + ") is deleted");
  }

  private static String messages(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(": ").append(cause.getMessage());
    }
    return text.toString();
  }

  /** Configures a stack; whatever is not given is random (secrets) or picked (ports). */
  public static final class Builder {
    private final Map<String, String> functionSettings = new LinkedHashMap<>();
    private JwtSecret jwtSecret;
    private String adminSecret;
    private int sandboxPort;
    private int hostPort;
    private PrintStream hostLog = System.out;
    private Duration actionTimeout;
    private Path packagedApp;

    private Builder() {}

    /**
     * The function's settings; {@code GRAPHQL_BASE_API} is replaced by the sandbox's URL, and a
     * blank or absent {@code TOKEN_ENCRYPTION_KEY} or {@code ACTION_SECRET} is generated.
     */
    public Builder functionSettings(Map<String, String> settings) {
      functionSettings.putAll(settings);
      return this;
    }

    /** Hasura's JWT secret; random when not given. */
    public Builder jwtSecret(JwtSecret secret) {
      this.jwtSecret = secret;
      return this;
    }

    /** Hasura's admin secret; random when not given. */
    public Builder adminSecret(String secret) {
      this.adminSecret = secret;
      return this;
    }

    /** 0 (default) for any free port. */
    public Builder sandboxPort(int port) {
      this.sandboxPort = port;
      return this;
    }

    /** 0 (default) for any free port. */
    public Builder hostPort(int port) {
      this.hostPort = port;
      return this;
    }

    /** Where the function host prints its log (default standard output). */
    public Builder hostLog(PrintStream log) {
      this.hostLog = log;
      return this;
    }

    /**
     * Serves the function app {@code mvn package} wrote in {@code app} rather than target/classes
     * ({@link LocalFunctionHost#startPackaged}).
     */
    public Builder packagedApp(Path app) {
      this.packagedApp = app;
      return this;
    }

    /** Overrides the metadata's action timeout. */
    public Builder actionTimeout(Duration timeout) {
      this.actionTimeout = timeout;
      return this;
    }

    public SandboxStack start() {
      Set<String> generated = new TreeSet<>();
      Map<String, String> settings = new HashMap<>(functionSettings);
      if (isBlank(settings.get(Settings.TOKEN_ENCRYPTION_KEY))) {
        settings.put(
            Settings.TOKEN_ENCRYPTION_KEY, Base64.getEncoder().encodeToString(randomBytes(32)));
        generated.add(Settings.TOKEN_ENCRYPTION_KEY);
      }
      if (isBlank(settings.get(Settings.ACTION_SECRET))) {
        settings.put(Settings.ACTION_SECRET, HexFormat.of().formatHex(randomBytes(24)));
        generated.add(Settings.ACTION_SECRET);
      }
      JwtSecret jwt = jwtSecret;
      if (jwt == null) {
        jwt = JwtSecret.hs256(HexFormat.of().formatHex(randomBytes(32)));
        generated.add(JwtSecret.SETTING);
      }
      String admin = adminSecret;
      if (isBlank(admin)) {
        admin = HexFormat.of().formatHex(randomBytes(16));
        generated.add(ADMIN_SECRET);
      }
      // The host must know the sandbox's URL and the sandbox the host's: fix the sandbox's port
      // first, and hold it until the sandbox binds it.
      FreePort.Held held = sandboxPort != 0 ? null : FreePort.hold();
      int graphqlPort = held != null ? held.port() : sandboxPort;
      settings.put(Settings.GRAPHQL_BASE_API, "http://127.0.0.1:" + graphqlPort);

      PostgresFixture postgres = null;
      LocalFunctionHost host = null;
      try {
        postgres = PostgresFixture.start();
        host =
            packagedApp == null
                ? LocalFunctionHost.start(settings, hostPort, hostLog)
                : LocalFunctionHost.startPackaged(packagedApp, settings, hostPort, hostLog);
        if (held != null) {
          held.close();
        }
        HasuraSandbox sandbox =
            HasuraSandbox.builder()
                .dataSource(postgres.dataSource())
                .jwtSecret(jwt)
                .adminSecret(admin)
                .port(graphqlPort)
                .actionBaseUrl(host.baseUrl())
                .environment("ACTION_SECRET", settings.get(Settings.ACTION_SECRET))
                // Core Tools and this host do not check function keys; Hasura still needs the
                // variable set.
                .environment("ACTION_FUNCTIONS_KEY", "not-checked-locally")
                .actionTimeout(actionTimeout)
                .start();
        return new SandboxStack(postgres, sandbox, host, jwt, admin, settings, generated);
      } catch (RuntimeException e) {
        if (host != null) {
          host.close();
        }
        if (postgres != null) {
          postgres.close();
        }
        if (held != null) {
          held.close();
        }
        throw e;
      }
    }
  }

  static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
