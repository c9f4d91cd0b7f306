package com.checkandregisteruser.auth0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.auth0.ManagementApiStandIn.Identity;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;

/** The stand-in answers both routes in Auth0's shapes, over plain http and over TLS. */
class ManagementApiStandInIT {
  private static final MediaType JSON = MediaType.get("application/json");

  private record Answer(int status, JsonObject body) {}

  private static Answer call(OkHttpClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return new Answer(
          response.code(), JsonParser.parseString(response.body().string()).getAsJsonObject());
    }
  }

  private static Answer grant(
      OkHttpClient client, ManagementApiStandIn standIn, String secret, String audience)
      throws IOException {
    JsonObject grant = new JsonObject();
    grant.addProperty("grant_type", "client_credentials");
    grant.addProperty("client_id", standIn.clientId());
    grant.addProperty("client_secret", secret);
    grant.addProperty("audience", audience);
    return call(
        client,
        new Request.Builder()
            .url(standIn.baseUrl() + "oauth/token")
            .post(RequestBody.create(grant.toString(), JSON))
            .build());
  }

  private static Answer user(
      OkHttpClient client, ManagementApiStandIn standIn, String encodedId, String token)
      throws IOException {
    Request.Builder request =
        new Request.Builder().url(standIn.baseUrl() + "api/v2/users/" + encodedId);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return call(client, request.build());
  }

  private static void exerciseBothRoutes(OkHttpClient client, ManagementApiStandIn standIn)
      throws IOException {
    String audience = standIn.baseUrl() + "api/v2/";
    standIn.putUser("twitter|123", new Identity("twitter", "123", "tok-123", "sec-123"));

    assertEquals(401, grant(client, standIn, "wrong-secret", audience).status());
    assertEquals(
        403, grant(client, standIn, standIn.clientSecret(), "https://other/api/v2/").status());
    Answer issued = grant(client, standIn, standIn.clientSecret(), audience);
    assertEquals(200, issued.status());
    assertEquals(86_400, issued.body().get("expires_in").getAsLong());
    String token = issued.body().get("access_token").getAsString();

    assertEquals(401, user(client, standIn, "twitter%7C123", null).status());
    assertEquals(404, user(client, standIn, "twitter%7C999", token).status());
    Answer found = user(client, standIn, "twitter%7C123", token);
    assertEquals(200, found.status());
    JsonObject identity = found.body().getAsJsonArray("identities").get(0).getAsJsonObject();
    assertEquals("twitter", identity.get("provider").getAsString());
    assertEquals("tok-123", identity.get("access_token").getAsString());
    assertEquals("sec-123", identity.get("access_token_secret").getAsString());
    assertEquals(3, standIn.userRequests());

    standIn.revokeIssuedTokens();
    assertEquals(401, user(client, standIn, "twitter%7C123", token).status());
  }

  @Test
  void plainHttp_servesBothRoutesInAuth0sShapes() throws IOException {
    try (ManagementApiStandIn standIn = ManagementApiStandIn.start(0)) {
      assertTrue(standIn.baseUrl().startsWith("http://127.0.0.1:"), standIn.baseUrl());
      exerciseBothRoutes(new OkHttpClient(), standIn);
      assertEquals(3, standIn.tokenRequests());
    }
  }

  @Test
  void tls_servesAThrowAwayCertificateForLocalhost() throws IOException {
    try (ManagementApiStandIn standIn = ManagementApiStandIn.start(0, true)) {
      HandshakeCertificates trust = standIn.clientTrust();
      OkHttpClient client =
          new OkHttpClient.Builder()
              .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
              .build();

      assertTrue(standIn.baseUrl().startsWith("https://localhost:"), standIn.baseUrl());
      assertTrue(standIn.certificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
      exerciseBothRoutes(client, standIn);
    }
  }

  @Test
  void functionSettings_nameTheTenantAndCredentials() {
    try (ManagementApiStandIn standIn = ManagementApiStandIn.start(0)) {
      assertEquals(standIn.baseUrl(), standIn.functionSettings().get("AUTH0_DOMAIN"));
      assertEquals(standIn.clientId(), standIn.functionSettings().get("AUTH0_CLIENT_ID"));
      assertEquals(standIn.clientSecret(), standIn.functionSettings().get("AUTH0_CLIENT_SECRET"));
      assertFalse(standIn.clientSecret().isBlank());
    }
  }
}
