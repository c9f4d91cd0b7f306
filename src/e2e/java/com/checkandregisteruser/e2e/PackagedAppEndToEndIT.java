package com.checkandregisteruser.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.checkandregisteruser.ActionCalls;
import com.checkandregisteruser.Auth0Answers;
import com.checkandregisteruser.PackagedApp;
import com.checkandregisteruser.Settings;
import com.checkandregisteruser.auth0.ManagementApiStandIn;
import com.checkandregisteruser.auth0.ManagementApiStandIn.Identity;
import com.checkandregisteruser.local.LocalFunctionHost;
import com.checkandregisteruser.sandbox.SandboxStack;
import com.checkandregisteruser.tokens.TokenKeys;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The function app as it ships, over real HTTP and real PostgreSQL: the jar `mvn package` wrote,
 * with OkHttp, Okio and Kotlin shrunk inside it, loaded with only what the Java worker provides
 * beside it. A class or method the shrinking dropped but a login needs fails here, as it would on
 * Azure. The other end-to-end suites run target/classes and the full libraries.
 */
class PackagedAppEndToEndIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final String AUTH0_USER_ID = "twitter|2718281828";

  private static ManagementApiStandIn auth0;
  private static AutoCloseable trustingAuth0;
  private static SandboxStack stack;
  private static Rows rows;

  @BeforeAll
  static void startStack() throws Exception {
    // Auth0 over https, as it is for real: the function's Auth0 client takes the shrunk TLS code.
    auth0 = ManagementApiStandIn.start(0, true);
    trustingAuth0 = trustOnly(auth0.certificatePem());
    stack =
        SandboxStack.builder()
            .packagedApp(PackagedApp.FOLDER)
            .functionSettings(auth0.functionSettings())
            .hostLog(QUIET)
            .start();
    rows = new Rows(stack.postgres().dataSource());
  }

  @AfterAll
  static void stopStack() throws Exception {
    try {
      stack.close();
    } finally {
      try {
        auth0.close();
      } finally {
        trustingAuth0.close();
      }
    }
  }

  @BeforeEach
  void emptyTables() {
    stack.postgres().truncateAllTables();
  }

  @AfterEach
  void noDelay() {
    stack.sandbox().setResponseDelay(Duration.ZERO);
  }

  /** A second packaged host on the stack's Hasura, with the tokens from the session variables. */
  private static LocalFunctionHost sessionVariablesHost(Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(stack.functionSettings());
    settings.keySet().removeIf(name -> name.startsWith("AUTH0_"));
    settings.putAll(overrides);
    return LocalFunctionHost.startPackaged(PackagedApp.FOLDER, settings, 0, QUIET);
  }

  /**
   * Calls the function as Hasura does for {@code username}: the session variables carry the tokens
   * {@code tok-<username>} and {@code sec-<username>}, the JWT is forwarded.
   */
  private static Http.Answer callAsHasura(LocalFunctionHost host, String username) {
    return Http.actionCall(
        host.functionUrl(),
        ActionCalls.payload(username),
        Logins.jwt(stack, username),
        stack.functionSettings().get(Settings.ACTION_SECRET));
  }

  private static List<String> decryptedTokensOf(String username) throws Exception {
    return rows.decryptedTokensOf(
        username, TokenKeys.fromSettings(stack.functionSettings()).cipher(new SecureRandom()));
  }

  @Test
  void auth0LoginOverTls_registersTheUserWithTheManagementApisTokens_thenWritesOnlyWhatChanged()
      throws Exception {
    // given a Twitter identity at the Management API stand-in, served over https
    auth0.putUser(AUTH0_USER_ID, new Identity("twitter", "2718281828", "token-1", "secret-1"));
    String jwt = stack.jwts().forUser(AUTH0_USER_ID).sign();
    String graphql = stack.sandbox().baseUrl() + "/v1/graphql";

    // when alice logs in through Hasura three times, her tokens changing before the third
    Http.Answer first = Http.mutation(graphql, jwt);
    Http.Answer second = Http.mutation(graphql, jwt);
    auth0.putUser(AUTH0_USER_ID, new Identity("twitter", "2718281828", "token-2", "secret-2"));
    Http.Answer third = Http.mutation(graphql, jwt);

    // then she is registered once, and what is stored is Auth0's latest tokens, encrypted
    assertEquals(3, first.affectedRows(), first.body());
    assertEquals(0, second.affectedRows(), second.body());
    assertEquals(1, third.affectedRows(), third.body());
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf(AUTH0_USER_ID));
    assertFalse(rows.tokensOf(AUTH0_USER_ID).get(0).contains("token-2"), "stored in the clear");
    assertEquals(List.of("token-2", "secret-2"), decryptedTokensOf(AUTH0_USER_ID));
  }

  @Test
  void auth0OverHttp2_registersTheUser() throws Exception {
    // given an Auth0 that speaks HTTP/2 (TLS with ALPN, as Auth0 does), trusted instead of the
    // stand-in while the function builds its clients
    HeldCertificate localhost =
        new HeldCertificate.Builder()
            .commonName("localhost")
            .addSubjectAlternativeName("localhost")
            .build();
    try (MockWebServer h2Auth0 = new MockWebServer();
        AutoCloseable trusted = trustOnly(localhost.certificatePem())) {
      h2Auth0.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(localhost)
              .build()
              .sslSocketFactory());
      h2Auth0.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return request.getUrl().encodedPath().equals("/oauth/token")
                  ? Auth0Answers.managementToken("h2-management-token")
                  : Auth0Answers.twitterUser(AUTH0_USER_ID, "h2-token", "h2-secret");
            }
          });
      h2Auth0.start();
      Map<String, String> settings = new HashMap<>(stack.functionSettings());
      settings.put("AUTH0_DOMAIN", "https://localhost:" + h2Auth0.getPort());
      try (LocalFunctionHost host =
          LocalFunctionHost.startPackaged(PackagedApp.FOLDER, settings, 0, QUIET)) {
        // when dave's login reaches the function
        String jwt = stack.jwts().forUser(AUTH0_USER_ID).sign();
        Http.Answer answer =
            Http.actionCall(
                host.functionUrl(),
                ActionCalls.auth0Payload(AUTH0_USER_ID),
                jwt,
                stack.functionSettings().get(Settings.ACTION_SECRET));

        // then he is registered with the tokens that came over HTTP/2
        assertEquals(200, answer.status(), answer.body());
        assertEquals(3, answer.json().get("affected_rows").getAsInt(), answer.body());
        assertEquals(List.of("h2-token", "h2-secret"), decryptedTokensOf(AUTH0_USER_ID));
        assertEquals("HTTP/2", h2Auth0.takeRequest().getVersion(), "the token request");
        assertEquals("HTTP/2", h2Auth0.takeRequest().getVersion(), "the users request");
      }
    }
  }

  /**
   * Makes the JVM's default trust store hold only {@code certificatePem} until closed. OkHttp reads
   * the default trust store when it builds a client, here the function's at the host's start;
   * nothing else in the suites relies on it, and failsafe runs one class at a time.
   */
  private static AutoCloseable trustOnly(String certificatePem) throws Exception {
    Certificate certificate =
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("stand-in", certificate);
    Path file = Files.createTempFile("stand-in-trust", ".p12");
    char[] password = "throw-away".toCharArray();
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password);
    }
    Map<String, String> set =
        Map.of(
            "javax.net.ssl.trustStore",
            file.toString(),
            "javax.net.ssl.trustStoreType",
            "PKCS12",
            "javax.net.ssl.trustStorePassword",
            new String(password));
    Map<String, String> before = new HashMap<>();
    set.forEach(
        (name, value) -> {
          before.put(name, System.getProperty(name));
          System.setProperty(name, value);
        });
    return () -> {
      before.forEach(
          (name, value) -> {
            if (value == null) {
              System.clearProperty(name);
            } else {
              System.setProperty(name, value);
            }
          });
      Files.delete(file);
    };
  }

  @Test
  void sessionVariablesLogin_registersTheUserOnce() throws Exception {
    try (LocalFunctionHost host = sessionVariablesHost(Map.of())) {
      // when bob's login reaches the function twice
      Http.Answer first = callAsHasura(host, "bob");
      Http.Answer second = callAsHasura(host, "bob");

      // then the first registers him with his tokens, the second writes nothing
      assertEquals(200, first.status(), first.body());
      assertEquals(3, first.json().get("affected_rows").getAsInt(), first.body());
      assertEquals(0, second.json().get("affected_rows").getAsInt(), second.body());
      assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("bob"));
      assertEquals(List.of("tok-bob", "sec-bob"), decryptedTokensOf("bob"));
    }
  }

  @Test
  void hasuraSlowerThanTheReadTimeout_answers504AndWritesNothing() {
    // given a Hasura that answers after 15 s, and a function that waits 1 s for a read
    stack.sandbox().setResponseDelay(Duration.ofSeconds(15));
    try (LocalFunctionHost host =
        sessionVariablesHost(
            Map.of(
                Settings.GRAPHQL_READ_TIMEOUT_MS, "1000",
                Settings.GRAPHQL_CALL_TIMEOUT_MS, "3000"))) {
      // when carol logs in
      Http.Answer answer = callAsHasura(host, "carol");

      // then the timeout ended the call, and nothing was written
      assertEquals(504, answer.status(), answer.body());
      assertEquals("upstream-timeout", answer.errorCode(), answer.body());
      assertEquals(0, rows.count("\"user\""));
    }
  }
}
