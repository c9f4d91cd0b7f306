package com.checkandregisteruser.sandbox;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a fetched JWK Set expires, from its response headers, as Hasura's determineJwkExpiryLifetime
 * (server/src-lib/Hasura/Server/Auth/JWT.hs) decides it: {@code Cache-Control} first ({@code
 * must-revalidate}: its max-age, else now; {@code no-cache} or {@code no-store}: now; else {@code
 * max-age} or {@code s-maxage}, whichever comes first), else {@code Expires}. Empty when neither
 * says (or either is unparseable): Hasura then keeps the previous expiry, and with none it never
 * fetches again.
 */
final class JwksExpiry {

  private JwksExpiry() {}

  static Optional<Instant> of(HttpHeaders headers, Instant now) {
    Optional<String> cacheControl = headers.firstValue("Cache-Control");
    if (cacheControl.isPresent()) {
      Optional<List<String[]>> directives = directives(cacheControl.get());
      if (directives.isEmpty()) {
        return Optional.empty();
      }
      Optional<Long> maxAge = Optional.empty();
      boolean mustRevalidate = false;
      boolean noCache = false;
      for (String[] directive : directives.get()) {
        String token = directive[0];
        if (maxAge.isEmpty() && (token.equals("max-age") || token.equals("s-maxage"))) {
          if (directive[1] == null || !directive[1].matches("[0-9]+")) {
            // Data.Parser.CacheControl.findMaxAge fails: Hasura logs it and keeps the old expiry.
            return Optional.empty();
          }
          maxAge = Optional.of(Long.parseLong(directive[1]));
        }
        mustRevalidate |= token.equals("must-revalidate");
        noCache |= token.equals("no-cache") || token.equals("no-store");
      }
      Optional<Instant> maxExpiry = maxAge.map(now::plusSeconds);
      if (mustRevalidate) {
        return Optional.of(maxExpiry.orElse(now));
      }
      if (noCache) {
        return Optional.of(now);
      }
      if (maxExpiry.isPresent()) {
        return maxExpiry;
      }
    }
    Optional<String> expires = headers.firstValue("Expires");
    if (expires.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ZonedDateTime.parse(expires.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** RFC 7234 §5.2 directives as {token, value or null}; empty if the header does not parse. */
  private static Optional<List<String[]>> directives(String header) {
    List<String[]> directives = new ArrayList<>();
    for (String part : header.split(",")) {
      String directive = part.trim();
      if (directive.isEmpty()) {
        continue;
      }
      int equals = directive.indexOf('=');
      String token = equals < 0 ? directive : directive.substring(0, equals);
      String value = equals < 0 ? null : directive.substring(equals + 1);
      if (!token.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
        return Optional.empty();
      }
      if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      // Hasura compares tokens case-sensitively ("max-age", not "Max-Age"), as done here.
      directives.add(new String[] {token, value});
    }
    return directives.isEmpty() ? Optional.empty() : Optional.of(directives);
  }
}
