package com.checkandregisteruser.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox's {@code HASURA_GRAPHQL_JWT_SECRET}: the same JSON Hasura reads, validated as
 * Hasura's {@code FromJSON JWTConfig} and {@code parseHmacKey} do (server/src-lib/Hasura/Server/
 * Auth/JWT.hs and JWT/Internal.hs), with Hasura's messages after the setting's name. The sandbox
 * verifies HS256 only; every other valid Hasura setting (other key types, {@code jwk_url}, claims
 * options, audience, issuer, skew, header) is refused by name rather than ignored, since ignoring
 * it would accept tokens the real server refuses.
 */
public final class JwtSecret {

  /** Hasura's environment variable. */
  public static final String SETTING = "HASURA_GRAPHQL_JWT_SECRET";

  // Valid for Hasura, not implemented here: refused so a setting never silently means less.
  private static final Set<String> HASURA_KEY_TYPES_NOT_IN_THE_SANDBOX =
      Set.of("HS384", "HS512", "RS256", "RS384", "RS512", "Ed25519");
  private static final List<String> HASURA_OPTIONS_NOT_IN_THE_SANDBOX =
      List.of(
          "claims_namespace",
          "claims_namespace_path",
          "claims_format",
          "claims_map",
          "audience",
          "issuer",
          "allowed_skew",
          "header");
  private static final int HS256_MIN_KEY_BYTES = 256 / 8;

  private final String key;

  private JwtSecret(String key) {
    this.key = key;
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
    return new JwtSecret(key);
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
          "is not JSON (expected e.g. {\"type\":\"HS256\",\"key\":\"<32+ characters>\"})");
    }
    if (!parsed.get().isJsonObject()) {
      throw invalid(
          "parsing JWTConfig failed, expected Object, but encountered "
              + Json.aesonTypeName(parsed.get()));
    }
    JsonObject config = parsed.get().getAsJsonObject();
    boolean hasKey = present(config, "key");
    boolean hasUrl = present(config, "jwk_url");
    if (!hasKey && !hasUrl) {
      throw invalid("key and jwk_url both cannot be empty");
    }
    if (hasKey && hasUrl) {
      throw invalid("key, jwk_url both cannot be present");
    }
    for (String option : HASURA_OPTIONS_NOT_IN_THE_SANDBOX) {
      if (present(config, option)) {
        throw notInTheSandbox("\"" + option + "\"");
      }
    }
    if (hasUrl) {
      throw notInTheSandbox("\"jwk_url\"");
    }
    String key = string(config, "key");
    if (!present(config, "type")) {
      throw invalid("key \"type\" not found");
    }
    String type = string(config, "type");
    if (HASURA_KEY_TYPES_NOT_IN_THE_SANDBOX.contains(type)) {
      throw notInTheSandbox("\"type\":\"" + type + "\" (only HS256)");
    }
    if (!type.equals("HS256")) {
      throw invalid("Invalid JWK: Key type: " + type + " is not supported");
    }
    return hs256(key);
  }

  /** The HS256 key. */
  public String key() {
    return key;
  }

  /** The setting's value, e.g. for a command line that mints tokens the sandbox accepts. */
  public String toJson() {
    JsonObject config = new JsonObject();
    config.addProperty("type", "HS256");
    config.addProperty("key", key);
    return Json.write(config);
  }

  /** Never the key. */
  @Override
  public String toString() {
    return "JwtSecret[type=HS256]";
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
