package com.checkandregisteruser.auth0;

import com.checkandregisteruser.local.JdkHttpServers;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A local stand-in for the two routes of Auth0 the function calls, in Auth0's shapes: {@code POST
 * /oauth/token} (client credentials for the Management API) and {@code GET /api/v2/users/{id}} (the
 * user with their identities and the identity providers' tokens).
 *
 * <p>For end-to-end tests and local development: point the function's {@code AUTH0_DOMAIN} at
 * {@link #baseUrl()} with {@link #clientId()} and {@link #clientSecret()}, and give users their
 * identities with {@link #putUser}. Plain http on 127.0.0.1 by default; with TLS it serves a
 * throw-away certificate for localhost that a client must trust ({@link #certificatePem()}).
 */
public final class ManagementApiStandIn implements AutoCloseable {
  /** The default lifetime of a management token, Auth0's own (24 h). */
  public static final long DEFAULT_EXPIRES_IN = 86_400;

  /**
   * One identity of a user as the Management API lists it.
   *
   * @param provider e.g. twitter, google-oauth2
   * @param userId the provider's id of the user (Auth0's user id is {@code provider|userId})
   * @param accessToken the provider's access token, or null
   * @param accessTokenSecret the OAuth 1.0a secret, or null (OAuth 2)
   */
  public record Identity(
      String provider, String userId, String accessToken, String accessTokenSecret) {
    @Override
    public String toString() {
      return "Identity[" + provider + "|" + userId + "]";
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final String clientId;
  private final String clientSecret;
  private final HeldCertificate certificate;
  private final Map<String, List<Identity>> users = new ConcurrentHashMap<>();
  private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final AtomicInteger userRequests = new AtomicInteger();
  private final AtomicLong expiresIn = new AtomicLong(DEFAULT_EXPIRES_IN);

  private ManagementApiStandIn(
      HttpServer server,
      ExecutorService executor,
      String scheme,
      String clientId,
      String clientSecret,
      HeldCertificate certificate) {
    this.server = server;
    this.executor = executor;
    String host = certificate == null ? "127.0.0.1" : "localhost";
    this.baseUrl = scheme + "://" + host + ":" + server.getAddress().getPort() + "/";
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.certificate = certificate;
  }

  /** Starts on 127.0.0.1 over plain http, with random client credentials; port 0 for any. */
  public static ManagementApiStandIn start(int port) {
    return start(port, false);
  }

  /**
   * Starts on 127.0.0.1 with random client credentials.
   *
   * @param tls serve https with a throw-away certificate for localhost
   */
  public static ManagementApiStandIn start(int port, boolean tls) {
    SecureRandom random = new SecureRandom();
    String clientId = "standin-" + hex(random, 8);
    String clientSecret = hex(random, 24);
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      HeldCertificate certificate = null;
      HttpServer server;
      if (tls) {
        certificate =
            new HeldCertificate.Builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .build();
        HttpsServer https = JdkHttpServers.https(address, 0);
        HandshakeCertificates serving =
            new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        https.setHttpsConfigurator(new HttpsConfigurator(serving.sslContext()));
        server = https;
      } else {
        server = JdkHttpServers.http(address, 0);
      }
      ExecutorService executor = Executors.newCachedThreadPool();
      server.setExecutor(executor);
      ManagementApiStandIn standIn =
          new ManagementApiStandIn(
              server, executor, tls ? "https" : "http", clientId, clientSecret, certificate);
      server.createContext("/oauth/token", standIn::token);
      server.createContext("/api/v2/users/", standIn::user);
      server.start();
      return standIn;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Management API stand-in", e);
    }
  }

  /** The tenant's base URL, for {@code AUTH0_DOMAIN}. */
  public String baseUrl() {
    return baseUrl;
  }

  public String clientId() {
    return clientId;
  }

  public String clientSecret() {
    return clientSecret;
  }

  /**
   * The function's settings for this tenant: AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET.
   */
  public Map<String, String> functionSettings() {
    return Map.of(
        "AUTH0_DOMAIN", baseUrl, "AUTH0_CLIENT_ID", clientId, "AUTH0_CLIENT_SECRET", clientSecret);
  }

  /** The throw-away certificate a client must trust, in PEM; null without TLS. */
  public String certificatePem() {
    return certificate == null ? null : certificate.certificatePem();
  }

  /** Trust material for a client of the TLS stand-in; null without TLS. */
  public HandshakeCertificates clientTrust() {
    return certificate == null
        ? null
        : new HandshakeCertificates.Builder()
            .addTrustedCertificate(certificate.certificate())
            .build();
  }

  /** Sets (or replaces) the user {@code auth0UserId}, e.g. {@code twitter|123}, and identities. */
  public void putUser(String auth0UserId, Identity... identities) {
    users.put(auth0UserId, List.of(identities));
  }

  public void removeUser(String auth0UserId) {
    users.remove(auth0UserId);
  }

  /** Sets the {@code expires_in} of the tokens issued from now on. */
  public void expiresIn(long seconds) {
    expiresIn.set(seconds);
  }

  /** Makes every management token issued so far invalid, as a revocation would. */
  public void revokeIssuedTokens() {
    issuedTokens.clear();
  }

  /** How many client-credentials requests arrived. */
  public int tokenRequests() {
    return tokenRequests.get();
  }

  /** How many users requests arrived. */
  public int userRequests() {
    return userRequests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 404, error(404, "Not Found", "Not Found"));
        return;
      }
      tokenRequests.incrementAndGet();
      JsonObject grant;
      try (InputStream in = exchange.getRequestBody()) {
        JsonElement parsed =
            JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        grant = parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
      } catch (RuntimeException e) {
        grant = new JsonObject();
      }
      if (!"client_credentials".equals(text(grant, "grant_type"))) {
        send(exchange, 403, oauthError("unsupported_grant_type", "Unsupported grant type"));
      } else if (!clientId.equals(text(grant, "client_id"))
          || !clientSecret.equals(text(grant, "client_secret"))) {
        send(exchange, 401, oauthError("access_denied", "Unauthorized"));
      } else if (!(baseUrl + "api/v2/").equals(text(grant, "audience"))) {
        send(
            exchange,
            403,
            oauthError("access_denied", "Service not enabled within domain: " + baseUrl));
      } else {
        String token = "standin-mgmt-" + hex(new SecureRandom(), 16);
        issuedTokens.add(token);
        JsonObject answer = new JsonObject();
        answer.addProperty("access_token", token);
        answer.addProperty("scope", "read:users read:user_idp_tokens");
        answer.addProperty("expires_in", expiresIn.get());
        answer.addProperty("token_type", "Bearer");
        send(exchange, 200, answer);
      }
    }
  }

  private void user(HttpExchange exchange) throws IOException {
    try (exchange) {
      userRequests.incrementAndGet();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization == null
          || !authorization.startsWith("Bearer ")
          || !issuedTokens.contains(authorization.substring("Bearer ".length()))) {
        send(exchange, 401, error(401, "Unauthorized", "Invalid token"));
        return;
      }
      String raw = exchange.getRequestURI().getRawPath().substring("/api/v2/users/".length());
      if (!exchange.getRequestMethod().equals("GET") || raw.isEmpty() || raw.contains("/")) {
        send(exchange, 404, error(404, "Not Found", "Not Found"));
        return;
      }
      String auth0UserId = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
      List<Identity> identities = users.get(auth0UserId);
      if (identities == null) {
        JsonObject notFound = error(404, "Not Found", "The user does not exist.");
        notFound.addProperty("errorCode", "inexistent_user");
        send(exchange, 404, notFound);
        return;
      }
      JsonArray list = new JsonArray();
      for (Identity identity : identities) {
        JsonObject entry = new JsonObject();
        entry.addProperty("provider", identity.provider());
        entry.addProperty("user_id", identity.userId());
        entry.addProperty("connection", identity.provider());
        entry.addProperty("isSocial", true);
        if (identity.accessToken() != null) {
          entry.addProperty("access_token", identity.accessToken());
        }
        if (identity.accessTokenSecret() != null) {
          entry.addProperty("access_token_secret", identity.accessTokenSecret());
        }
        list.add(entry);
      }
      JsonObject user = new JsonObject();
      user.addProperty("user_id", auth0UserId);
      user.addProperty("created_at", "2026-01-01T00:00:00.000Z");
      user.add("identities", list);
      send(exchange, 200, user);
    }
  }

  private static String text(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  private static JsonObject error(int status, String error, String message) {
    JsonObject body = new JsonObject();
    body.addProperty("statusCode", status);
    body.addProperty("error", error);
    body.addProperty("message", message);
    return body;
  }

  private static JsonObject oauthError(String error, String description) {
    JsonObject body = new JsonObject();
    body.addProperty("error", error);
    body.addProperty("error_description", description);
    return body;
  }

  private static void send(HttpExchange exchange, int status, JsonObject body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }

  /**
   * Runs the stand-in until stopped: {@code [--port N] [--tls] [--user
   * twitter|123=token:secret]...} and prints the function's AUTH0_* settings.
   */
  public static void main(String[] args) throws InterruptedException {
    int port = 8089;
    boolean tls = false;
    List<String[]> users = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--tls" -> tls = true;
        case "--user" -> users.add(args[++i].split("[=:]", 3));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    ManagementApiStandIn standIn = start(port, tls);
    for (String[] user : users) {
      String id = user[0];
      int bar = id.indexOf('|');
      standIn.putUser(
          id,
          new Identity(
              id.substring(0, Math.max(bar, 0)),
              id.substring(bar + 1),
              user.length > 1 ? user[1] : null,
              user.length > 2 ? user[2] : null));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(standIn::close, "standin-shutdown"));
    System.out.println("Auth0 Management API stand-in on " + standIn.baseUrl());
    standIn.functionSettings().forEach((name, value) -> System.out.println(name + "=" + value));
    if (tls) {
      System.out.println("trust this throw-away certificate:\n" + standIn.certificatePem());
    }
    new java.util.concurrent.CountDownLatch(1).await();
  }
}
