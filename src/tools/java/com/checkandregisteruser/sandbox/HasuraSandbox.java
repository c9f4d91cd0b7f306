package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.local.JdkHttpServers;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import graphql.schema.GraphQLSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A test double of Hasura GraphQL Engine v2 for end-to-end tests, serving {@code /v1/graphql} and
 * {@code /healthz} on 127.0.0.1. It reads the project's own metadata and executes, against
 * PostgreSQL, the subset this project uses: table queries with where/limit/offset/order_by, inserts
 * with nested object relationships, and synchronous actions, with JWT (HS256 or a jwk_url) or
 * admin-secret authentication and Hasura's permission rules, result shapes and error texts. It is
 * not Hasura: the package documentation lists what it leaves out.
 */
public final class HasuraSandbox implements AutoCloseable {

  private final Builder config;
  private final AtomicReference<Duration> responseDelay;
  private HttpServer server;
  private ExecutorService executor;
  private Authenticator authenticator;
  private RemoteJwks jwks;
  private GraphQlEngine engine;

  private HasuraSandbox(Builder config) {
    this.config = config;
    this.responseDelay = new AtomicReference<>(config.responseDelay);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads metadata and the database catalog, fetches the {@code jwk_url}'s keys if there is one,
   * then starts listening. Fails if the database is down, if the metadata names tables or columns
   * the database lacks (as Hasura reports inconsistencies), or if the keys cannot be fetched (as
   * Hasura fails to start).
   */
  public synchronized HasuraSandbox start() {
    if (server != null) {
      return this;
    }
    HasuraMetadata metadata = HasuraMetadata.load(config.project.metadataDirectory());
    TrackedTables tables;
    try {
      tables = TrackedTables.build(metadata, DatabaseCatalog.read(config.dataSource));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database catalog", e);
    }
    GraphQLSchema schema = HasuraSchema.build(metadata.actionsSdl());
    HttpClient http =
        HttpClient.newBuilder()
            // HTTP/2 would add Upgrade headers to every call; Hasura's client speaks HTTP/1.1.
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    Map<String, ActionDispatcher> actions = new HashMap<>();
    for (HasuraMetadata.Action action : metadata.actions()) {
      Duration timeout = config.actionTimeout != null ? config.actionTimeout : action.timeout();
      actions.put(action.name(), new ActionDispatcher(http, action, config.environment, timeout));
    }
    if (config.jwtSecret.hasJwkUrl()) {
      jwks = RemoteJwks.start(config.jwtSecret.jwkUrl(), http, config.clock);
    }
    RemoteJwks keys = jwks;
    authenticator =
        new Authenticator(
            config.jwtSecret, keys == null ? null : keys::keys, config.adminSecret, config.clock);
    engine =
        new GraphQlEngine(
            schema,
            new FieldVisibility(tables, metadata.actions()),
            tables,
            actions,
            config.dataSource);
    try {
      server =
          JdkHttpServers.http(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), 0);
    } catch (IOException e) {
      closeJwks();
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + config.port, e);
    }
    executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "hasura-sandbox");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/v1/graphql", this::graphql);
    server.createContext("/healthz", this::healthz);
    server.start();
    return this;
  }

  /** Returns e.g. {@code http://127.0.0.1:54321}: the value of the function's GRAPHQL_BASE_API. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public URI graphqlUri() {
    return URI.create(baseUrl() + "/v1/graphql");
  }

  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.getAddress().getPort();
  }

  /** Delays every /v1/graphql answer, after the work is done, for client-timeout tests. */
  public void setResponseDelay(Duration delay) {
    responseDelay.set(Objects.requireNonNull(delay, "delay"));
  }

  public Duration responseDelay() {
    return responseDelay.get();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
    closeJwks();
  }

  private void closeJwks() {
    if (jwks != null) {
      jwks.close();
      jwks = null;
    }
  }

  private void graphql(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        respond(exchange, 405, "text/plain; charset=utf-8", "POST only");
        return;
      }
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      JsonObject result = answer(RequestHeaders.of(exchange.getRequestHeaders()), body);
      sleep(responseDelay.get());
      // Hasura answers 200 on /v1/graphql whether or not the request failed.
      respond(exchange, 200, "application/json; charset=utf-8", Json.write(result));
    }
  }

  private JsonObject answer(RequestHeaders headers, String body) {
    try {
      Session session = authenticator.authenticate(headers);
      return engine.execute(session, GraphQlRequest.parse(body), headers);
    } catch (HasuraError e) {
      return errors(e.toJson());
    } catch (RuntimeException e) {
      // A sandbox defect, not a Hasura answer: make it loud in the test output and in the body.
      e.printStackTrace();
      JsonObject error = HasuraError.atRoot("unexpected", "sandbox defect: " + e).toJson();
      return errors(error);
    }
  }

  private static JsonObject errors(JsonObject error) {
    JsonArray errors = new JsonArray();
    errors.add(error);
    JsonObject response = new JsonObject();
    response.add("errors", errors);
    return response;
  }

  private void healthz(HttpExchange exchange) throws IOException {
    try (exchange) {
      respond(exchange, 200, "text/plain; charset=utf-8", "OK");
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      // Shutting down: answer now.
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Configures a sandbox. Required: {@link #dataSource} and {@link #jwtSecret} (or {@link
   * #jwtKey}). The environment stands for the Hasura server's: it resolves {@code
   * {{ACTION_BASE_URL}}} in handler URLs and {@code value_from_env} action headers, on every call
   * as Hasura does.
   */
  public static final class Builder {

    private DataSource dataSource;
    private JwtSecret jwtSecret;
    private String adminSecret;
    private HasuraProject project;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration actionTimeout;
    private Duration responseDelay = Duration.ZERO;
    private int port;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /** What Hasura reads from {@code HASURA_GRAPHQL_JWT_SECRET}. */
    public Builder jwtSecret(JwtSecret jwtSecret) {
      this.jwtSecret = jwtSecret;
      return this;
    }

    /**
     * The HS256 key, as in {@code HASURA_GRAPHQL_JWT_SECRET={"type":"HS256","key":"..."}}.
     *
     * @throws IllegalArgumentException if it is shorter than Hasura accepts
     */
    public Builder jwtKey(String jwtKey) {
      return jwtSecret(JwtSecret.hs256(jwtKey));
    }

    /** Enables {@code x-hasura-admin-secret}; without it the header is ignored. */
    public Builder adminSecret(String adminSecret) {
      this.adminSecret = adminSecret;
      return this;
    }

    /** The Hasura project to read metadata from; default {@link HasuraProject#locate()}. */
    public Builder project(HasuraProject project) {
      this.project = project;
      return this;
    }

    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** Sets ACTION_BASE_URL, e.g. {@code http://127.0.0.1:7071/api}. */
    public Builder actionBaseUrl(String url) {
      return environment("ACTION_BASE_URL", url);
    }

    /** Overrides every action's metadata timeout (default: the metadata's, 30 s if absent). */
    public Builder actionTimeout(Duration timeout) {
      this.actionTimeout = timeout;
      return this;
    }

    public Builder responseDelay(Duration delay) {
      this.responseDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /** The port to listen on; 0 (default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public HasuraSandbox build() {
      Objects.requireNonNull(dataSource, "dataSource");
      Objects.requireNonNull(jwtSecret, "jwtSecret");
      if (project == null) {
        project = HasuraProject.locate();
      }
      return new HasuraSandbox(this);
    }

    /** Builds and starts the sandbox. */
    public HasuraSandbox start() {
      return build().start();
    }
  }
}
