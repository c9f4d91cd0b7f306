package com.checkandregisteruser;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of Hasura's action payload this function uses: the logged-in user and their social
 * tokens.
 *
 * <p>Hasura posts {@code
 * {"action":{...},"input":{},"session_variables":{...},"request_query":"..."}}. Only {@code
 * session_variables} matters here; everything else is skipped unread.
 */
public record ActionRequest(String username, String accessToken, String accessTokenSecret) {

  public static final String USER_ID = "x-hasura-user-id";
  public static final String ACCESS_TOKEN = "x-hasura-access-token";
  public static final String ACCESS_TOKEN_SECRET = "x-hasura-access-token-secret";
  public static final int MAX_USERNAME_LENGTH = 255;
  public static final int MAX_TOKEN_LENGTH = 4_096;

  /**
   * Reads the payload.
   *
   * <p>It streams with Gson's {@link JsonReader} rather than building a tree: the tree adapter of
   * the worker's Gson 2.9 recurses per nesting level, so a 64 KiB body of brackets could overflow
   * the stack, while {@link JsonReader#skipValue()} does not recurse.
   *
   * @throws ActionException {@code invalid-payload} or {@code invalid-session-variables}
   */
  @SuppressWarnings("deprecation") // setLenient: see below
  public static ActionRequest parse(String body) {
    if (body == null || body.isBlank()) {
      throw invalidPayload(
          "the request body is empty: expected Hasura's action payload with session_variables");
    }
    Map<String, Value> variables;
    try (JsonReader reader = new JsonReader(new StringReader(body))) {
      // Strict parsing; setLenient is deprecated from Gson 2.11 but the worker's Gson 2.9 has
      // nothing else.
      reader.setLenient(false);
      variables = readPayload(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw invalidPayload("the request body is not valid JSON");
      }
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      // The library's text is not passed on: it quotes the input, which may hold a token.
      throw invalidPayload("the request body is not valid JSON");
    }
    return new ActionRequest(
        require(variables, USER_ID, MAX_USERNAME_LENGTH),
        require(variables, ACCESS_TOKEN, MAX_TOKEN_LENGTH),
        require(variables, ACCESS_TOKEN_SECRET, MAX_TOKEN_LENGTH));
  }

  private static Map<String, Value> readPayload(JsonReader reader) throws IOException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      skipAll(reader);
      throw invalidPayload("the request body must be a JSON object (Hasura's action payload)");
    }
    Map<String, Value> variables = null;
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      if (name.equals("session_variables")) {
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
          skipAll(reader);
          throw invalidPayload("session_variables must be a JSON object");
        }
        variables = readVariables(reader);
      } else {
        reader.skipValue();
      }
    }
    reader.endObject();
    if (variables == null) {
      throw invalidPayload(
          "session_variables is missing: is this handler called by a Hasura action?");
    }
    return variables;
  }

  private static Map<String, Value> readVariables(JsonReader reader) throws IOException {
    Map<String, Value> variables = new HashMap<>();
    reader.beginObject();
    while (reader.hasNext()) {
      // Hasura sends lower-case keys; anyone else may not, and the names are case-insensitive.
      String key = reader.nextName().toLowerCase(Locale.ROOT);
      Value value;
      if (reader.peek() == JsonToken.STRING) {
        value = new Value(reader.nextString());
      } else {
        reader.skipValue();
        value = Value.NOT_A_STRING;
      }
      if (variables.put(key, value) != null) {
        variables.put(key, Value.DUPLICATE);
      }
    }
    reader.endObject();
    return variables;
  }

  /** Reads to the end so that a syntax error is reported as such, not as the wrong shape. */
  private static void skipAll(JsonReader reader) throws IOException {
    reader.skipValue();
    if (reader.peek() != JsonToken.END_DOCUMENT) {
      throw invalidPayload("the request body is not valid JSON");
    }
  }

  private static String require(Map<String, Value> variables, String name, int maxLength) {
    Value value = variables.get(name);
    String problem;
    if (value == null) {
      problem = "is missing";
    } else if (value == Value.DUPLICATE) {
      problem = "is given more than once";
    } else if (value == Value.NOT_A_STRING) {
      problem = "must be a string";
    } else if (value.text().isBlank()) {
      problem = "must not be blank";
    } else if (value.text().length() > maxLength) {
      problem = "is longer than " + maxLength + " characters";
    } else {
      return value.text();
    }
    throw new ActionException(
        ActionError.INVALID_SESSION_VARIABLES,
        "session variable "
            + name
            + " "
            + problem
            + (name.equals(USER_ID)
                ? ""
                : ": the JWT's claims must carry the user's social tokens"));
  }

  private static ActionException invalidPayload(String message) {
    return new ActionException(ActionError.INVALID_PAYLOAD, message);
  }

  /** Reads the session variables the same way, for callers that hold an Optional body. */
  public static ActionRequest parse(Optional<String> body) {
    return parse(body == null ? null : body.orElse(null));
  }

  @Override
  public String toString() {
    // Never print the tokens: records print every component by default.
    return "ActionRequest[username="
        + username
        + ", accessToken=<redacted>, accessTokenSecret=<redacted>]";
  }

  /** A session variable's value; the sentinels stand for values that cannot be used. */
  private record Value(String text) {
    static final Value NOT_A_STRING = new Value(null);
    static final Value DUPLICATE = new Value(null);
  }
}
