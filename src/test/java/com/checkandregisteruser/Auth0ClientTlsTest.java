package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An https Auth0 beside a plain-http Hasura: the shared client drops TLS for such a Hasura (a
 * cold-start saving), the Auth0 client derived from it must not.
 */
class Auth0ClientTlsTest {
  // More than the source's own budget: these tests are about Auth0, not the login's budget.
  private static final Duration LOGIN_TIME_LEFT = Duration.ofMillis(18_000);
  private static final HeldCertificate LOCALHOST =
      new HeldCertificate.Builder()
          .commonName("localhost")
          .addSubjectAlternativeName("localhost")
          .build();

  private final MockWebServer auth0 = new MockWebServer();
  private final MockWebServer hasura = new MockWebServer();
  // What Application builds for GRAPHQL_BASE_API=http://...: cleartext only.
  private final OkHttpClient shared =
      new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();

  @BeforeEach
  void start() throws IOException {
    HandshakeCertificates server =
        new HandshakeCertificates.Builder().heldCertificate(LOCALHOST).build();
    auth0.useHttps(server.sslSocketFactory());
    auth0.start();
    hasura.start();
  }

  @AfterEach
  void stop() {
    auth0.close();
    hasura.close();
  }

  /**
   * The Auth0 client as Auth0TokenSource.create derives it, trusting only the test's certificate.
   */
  private OkHttpClient auth0Client() {
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(LOCALHOST.certificate()).build();
    return Auth0Client.httpClient(shared)
        .newBuilder()
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .build();
  }

  @Test
  void sharedClientForAPlainHttpHasura_cannotReachAnHttpsHost() {
    Request request = new Request.Builder().url(auth0.url("/oauth/token")).build();

    // Not even an IOException: an https call on it would end in a 500 internal-error.
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> shared.newCall(request).execute());
    assertEquals("CLEARTEXT-only client", e.getMessage());
  }

  @Test
  void auth0Client_getsTheTokensOverTls_whileHasuraStaysOnPlainHttp() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken("MGMT-TLS"));
    auth0.enqueue(Auth0Answers.twitterUser("twitter|7", "tls-token", "tls-secret"));
    hasura.enqueue(HasuraAnswers.noUser());
    String domain = "https://localhost:" + auth0.getPort();
    Auth0Settings settings =
        Auth0Settings.fromMap(
                Map.of(
                    Auth0Settings.AUTH0_DOMAIN, domain,
                    Auth0Settings.AUTH0_CLIENT_ID, "client-id-1",
                    Auth0Settings.AUTH0_CLIENT_SECRET, "client-secret-1"))
            .orElseThrow();
    Auth0TokenSource source =
        new Auth0TokenSource(
            new Auth0Client(auth0Client(), settings, Ticker.SYSTEM),
            Duration.ofSeconds(6),
            Ticker.SYSTEM);

    LoginTokens tokens = source.tokensFor(ActionRequest.forAuth0User("twitter|7"), LOGIN_TIME_LEFT);

    assertEquals(new LoginTokens("tls-token", "tls-secret"), tokens);
    assertNotNull(auth0.takeRequest().getHandshake(), "the token request went over TLS");
    assertNotNull(auth0.takeRequest().getHandshake(), "the users request went over TLS");
    try (Response response =
        shared.newCall(new Request.Builder().url(hasura.url("/v1/graphql")).build()).execute()) {
      assertEquals(200, response.code());
    }
  }

  @Test
  void auth0Client_sharesThePoolAndDispatcherOfTheSharedClient() {
    OkHttpClient derived = Auth0Client.httpClient(shared);

    assertSame(shared.connectionPool(), derived.connectionPool());
    assertSame(shared.dispatcher(), derived.dispatcher());
    assertEquals(
        List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT), derived.connectionSpecs());
  }
}
