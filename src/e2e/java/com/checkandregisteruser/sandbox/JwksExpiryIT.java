package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When a fetched JWK Set expires, by Hasura's determineJwkExpiryLifetime (Auth/JWT.hs) and
 * Data/Parser/CacheControl.hs: Cache-Control first, then Expires; "none" keeps the old expiry.
 */
class JwksExpiryIT {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @ParameterizedTest(name = "Cache-Control: {0} / Expires: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // Auth0's JWKS answers with max-age and stale-* directives.
        "public, max-age=15, stale-while-revalidate=15, stale-if-error=86400|-|2026-12-01T10:00:15Z",
        "s-maxage=60|-|2026-12-01T10:01:00Z",
        "max-age=10, s-maxage=60|-|2026-12-01T10:00:10Z",
        "must-revalidate, max-age=30|-|2026-12-01T10:00:30Z",
        "must-revalidate|-|2026-12-01T10:00:00Z",
        "no-cache|-|2026-12-01T10:00:00Z",
        "no-store, max-age=300|-|2026-12-01T10:00:00Z",
        "public|Tue, 01 Dec 2026 11:00:00 GMT|2026-12-01T11:00:00Z",
        "-|Tue, 01 Dec 2026 10:05:00 GMT|2026-12-01T10:05:00Z",
        "max-age=abc|Tue, 01 Dec 2026 11:00:00 GMT|-",
        "-|yesterday|-",
        "public|-|-",
        "-|-|-",
      })
  void expiry_followsCacheControlThenExpires(String cacheControl, String expires, String expected) {
    Map<String, List<String>> headers = new HashMap<>();
    if (cacheControl != null) {
      headers.put("Cache-Control", List.of(cacheControl));
    }
    if (expires != null) {
      headers.put("Expires", List.of(expires));
    }

    Optional<Instant> expiry = JwksExpiry.of(HttpHeaders.of(headers, (name, value) -> true), NOW);

    assertEquals(Optional.ofNullable(expected).map(Instant::parse), expiry);
  }
}
