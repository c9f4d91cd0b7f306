package com.checkandregisteruser.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox's {@code HASURA_GRAPHQL_JWT_SECRET}: the same JSON Hasura reads, validated as
 * Hasura's {@code FromJSON JWTConfig} and {@code parseHmacKey} do (server/src-lib/Hasura/Server/
 * Auth/JWT.hs and JWT/Internal.hs), with Hasura's messages after the setting's name.
 *
 * <p>Either an HS256 {@code key} or a {@code jwk_url} (RS256/RS384/RS512 keys fetched from it, as
 * an identity provider such as Auth0 publishes them), each optionally with {@code audience} (a
 * string or a list), {@code issuer} and {@code allowed_skew} (seconds). Every other valid Hasura
 * setting (other key types, claims options, header) is refused by name rather than ignored, since
 * ignoring it would accept tokens the real server refuses.
 */
public final class JwtSecret {

  /** Hasura's environment variable. */
  public static final String SETTING = "HASURA_GRAPHQL_JWT_SECRET";

  // Valid for Hasura, not implemented here: refused so a setting never silently means less.
  private static final Set<String> HASURA_KEY_TYPES_NOT_IN_THE_SANDBOX =
      Set.of("HS384", "HS512", "RS256", "RS384", "RS512", "Ed25519", "ES256", "ES512");
  private static final List<String> HASURA_OPTIONS_NOT_IN_THE_SANDBOX =
      List.of("claims_namespace", "claims_namespace_path", "claims_format", "claims_map", "header");
  private static final int HS256_MIN_KEY_BYTES = 256 / 8;

  private final String key;
  private final URI jwkUrl;
  private final List<String> audience;
  private final String issuer;
  private final Duration allowedSkew;

  private JwtSecret(
      String key, URI jwkUrl, List<String> audience, String issuer, Duration allowedSkew) {
    this.key = key;
    this.jwkUrl = jwkUrl;
    this.audience = audience == null ? null : List.copyOf(audience);
    this.issuer = issuer;
    this.allowedSkew = allowedSkew;
  }

  /**
   * An HS256 secret, as {@code {"type":"HS256","key":key}}.
   *
   * @throws IllegalArgumentException if the key is shorter than Hasura accepts
   */
  public static JwtSecret hs256(String key) {
    Objects.requireNonNull(key, "key");
    // Hasura counts the UTF-8 bytes, and still calls them characters.
    if (key.getBytes(StandardCharsets.UTF_8).length < HS256_MIN_KEY_BYTES) {
      throw invalid("Invalid JWK: Key size too small; should be atleast 32 characters");
    }
    return new JwtSecret(key, null, null, null, null);
  }

  /** Keys fetched from {@code url}, as {@code {"jwk_url":url}}. */
  public static JwtSecret jwkUrl(URI url) {
    return new JwtSecret(null, checkedUrl(Objects.requireNonNull(url, "url")), null, null, null);
  }

  /** The same secret, accepting only tokens whose {@code aud} (if any) names one of these. */
  public JwtSecret withAudience(String... audiences) {
    return new JwtSecret(key, jwkUrl, List.of(audiences), issuer, allowedSkew);
  }

  /** The same secret, accepting only tokens whose {@code iss} (if any) is this. */
  public JwtSecret withIssuer(String issuer) {
    return new JwtSecret(
        key, jwkUrl, audience, Objects.requireNonNull(issuer, "issuer"), allowedSkew);
  }

  /** The same secret with Hasura's {@code allowed_skew}. */
  public JwtSecret withAllowedSkew(Duration skew) {
    return new JwtSecret(key, jwkUrl, audience, issuer, Objects.requireNonNull(skew, "skew"));
  }

  /**
   * Reads the setting's JSON.
   *
   * @throws IllegalArgumentException naming the setting and the problem, never the key
   */
  public static JwtSecret parse(String json) {
    Optional<JsonElement> parsed = Json.parseStrict(json);
    if (parsed.isEmpty()) {
      throw invalid(
          "is not JSON (expected e.g. {\"type\":\"HS256\",\"key\":\"<32+ characters>\"}"
              + " or {\"jwk_url\":\"https://TENANT/.well-known/jwks.json\"})");
    }
    if (!parsed.get().isJsonObject()) {
      throw invalid(
          "parsing JWTConfig failed, expected Object, but encountered "
              + Json.aesonTypeName(parsed.get()));
    }
    JsonObject config = parsed.get().getAsJsonObject();
    for (String option : HASURA_OPTIONS_NOT_IN_THE_SANDBOX) {
      if (present(config, option)) {
        throw notInTheSandbox("\"" + option + "\"");
      }
    }
    // Hasura reads the options before the key, so their errors come first.
    List<String> audience = present(config, "audience") ? audience(config.get("audience")) : null;
    String issuer = present(config, "issuer") ? string(config, "issuer") : null;
    Duration skew = present(config, "allowed_skew") ? skew(config.get("allowed_skew")) : null;
    boolean hasKey = present(config, "key");
    boolean hasUrl = present(config, "jwk_url");
    if (!hasKey && !hasUrl) {
      throw invalid("key and jwk_url both cannot be empty");
    }
    if (hasKey && hasUrl) {
      throw invalid("key, jwk_url both cannot be present");
    }
    if (hasUrl) {
      // Hasura does not read "type" beside a jwk_url: the keys carry their own.
      URI url;
      try {
        url = new URI(string(config, "jwk_url"));
      } catch (URISyntaxException e) {
        throw invalid("\"jwk_url\": not a valid URI");
      }
      return new JwtSecret(null, checkedUrl(url), audience, issuer, skew);
    }
    String key = string(config, "key");
    if (!present(config, "type")) {
      throw invalid("key \"type\" not found");
    }
    String type = string(config, "type");
    if (HASURA_KEY_TYPES_NOT_IN_THE_SANDBOX.contains(type)) {
      throw notInTheSandbox("\"type\":\"" + type + "\" (only HS256, or a jwk_url)");
    }
    if (!type.equals("HS256")) {
      throw invalid("Invalid JWK: Key type: " + type + " is not supported");
    }
    JwtSecret hs256 = hs256(key);
    return new JwtSecret(hs256.key, null, audience, issuer, skew);
  }

  /** Whether the keys come from a {@link #jwkUrl()} rather than an HS256 {@link #key()}. */
  public boolean hasJwkUrl() {
    return jwkUrl != null;
  }

  /**
   * The HS256 key.
   *
   * @throws IllegalStateException for a {@code jwk_url} secret, which has no key to sign with
   */
  public String key() {
    if (key == null) {
      throw new IllegalStateException(
          SETTING + " has a jwk_url: tokens are signed by the identity provider, not here");
    }
    return key;
  }

  /**
   * The URL the keys are fetched from.
   *
   * @throws IllegalStateException for an HS256 secret
   */
  public URI jwkUrl() {
    if (jwkUrl == null) {
      throw new IllegalStateException(SETTING + " has an HS256 key, no jwk_url");
    }
    return jwkUrl;
  }

  /** The accepted audiences; empty when {@code audience} is not set (any audience is fine). */
  public Optional<List<String>> audience() {
    return Optional.ofNullable(audience);
  }

  /** The accepted issuer; empty when {@code issuer} is not set (any issuer is fine). */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /** Hasura's {@code allowed_skew}; zero when not set, as jose's default. */
  public Duration allowedSkew() {
    return allowedSkew == null ? Duration.ZERO : allowedSkew;
  }

  /** The setting's value, e.g. for a command line that mints tokens the sandbox accepts. */
  public String toJson() {
    JsonObject config = new JsonObject();
    if (key != null) {
      config.addProperty("type", "HS256");
      config.addProperty("key", key);
    } else {
      config.addProperty("jwk_url", jwkUrl.toString());
    }
    if (audience != null) {
      if (audience.size() == 1) {
        config.addProperty("audience", audience.get(0));
      } else {
        JsonArray list = new JsonArray();
        audience.forEach(list::add);
        config.add("audience", list);
      }
    }
    if (issuer != null) {
      config.addProperty("issuer", issuer);
    }
    if (allowedSkew != null) {
      config.add("allowed_skew", new JsonPrimitive(seconds(allowedSkew)));
    }
    return Json.write(config);
  }

  /** Never the key. */
  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(key != null ? "JwtSecret[type=HS256" : "JwtSecret[jwk_url=" + jwkUrl);
    if (audience != null) {
      text.append(", audience=").append(audience);
    }
    if (issuer != null) {
      text.append(", issuer=").append(issuer);
    }
    if (allowedSkew != null) {
      text.append(", allowed_skew=").append(seconds(allowedSkew).toPlainString());
    }
    return text.append(']').toString();
  }

  private static URI checkedUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      // Hasura would fail later, on the first fetch; an http(s) URL is all it can fetch.
      throw invalid("\"jwk_url\": expected an http or https URL");
    }
    return url;
  }

  private static List<String> audience(JsonElement value) {
    // jose's Audience: a list of strings, or one string.
    List<String> audiences = new ArrayList<>();
    if (value.isJsonArray()) {
      for (JsonElement element : value.getAsJsonArray()) {
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
          throw invalid(
              "\"audience\": parsing StringOrURI failed, expected String, but encountered "
                  + Json.aesonTypeName(element));
        }
        audiences.add(element.getAsString());
      }
      return audiences;
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      audiences.add(value.getAsString());
      return audiences;
    }
    throw invalid(
        "\"audience\": parsing StringOrURI failed, expected String, but encountered "
            + Json.aesonTypeName(value));
  }

  private static Duration skew(JsonElement value) {
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw invalid(
          "\"allowed_skew\": parsing NominalDiffTime failed, expected Number, but encountered "
              + Json.aesonTypeName(value));
    }
    // NominalDiffTime: seconds, fractions allowed (to the nanosecond here, picoseconds there).
    BigDecimal seconds = value.getAsBigDecimal();
    return Duration.ofNanos(seconds.movePointRight(9).longValue());
  }

  private static BigDecimal seconds(Duration duration) {
    BigDecimal seconds =
        BigDecimal.valueOf(duration.toNanos()).movePointLeft(9).stripTrailingZeros();
    // 30, not 3E+1.
    return seconds.scale() < 0 ? seconds.setScale(0) : seconds;
  }

  private static boolean present(JsonObject config, String name) {
    // Aeson's .:? reads an explicit null as absent.
    return config.has(name) && !config.get(name).isJsonNull();
  }

  private static String string(JsonObject config, String name) {
    JsonElement value = config.get(name);
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw invalid(
          "\""
              + name
              + "\": parsing Text failed, expected String, but encountered "
              + Json.aesonTypeName(value));
    }
    return value.getAsString();
  }

  private static IllegalArgumentException notInTheSandbox(String what) {
    return invalid(what + " is valid for Hasura but not implemented by the sandbox");
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException(SETTING + ": " + problem);
  }
}
