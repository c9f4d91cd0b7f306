package com.checkandregisteruser;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and validates Hasura's action payload into an {@link ActionRequest}; every way the payload
 * can be wrong is a 4xx {@link Failure} worded here, where it is found.
 *
 * <p>It streams with Gson's {@link JsonReader} (strict by default) rather than building a tree: the
 * tree adapter of the worker's Gson 2.9 recurses per nesting level, so a 64 KiB body of brackets
 * could overflow the stack, while {@link JsonReader#skipValue()} does not recurse.
 */
final class ActionRequestParser {
  /** Hasura's action payload is small; anything over this is not Hasura calling. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  static final String SESSION_VARIABLES = "session_variables";
  static final String USER_ID = "x-hasura-user-id";
  static final String ACCESS_TOKEN = "x-hasura-access-token";
  static final String ACCESS_TOKEN_SECRET = "x-hasura-access-token-secret";

  /** Sent by the post-login Action of earlier versions; read only to refuse one that differs. */
  static final String AUTH0_USER_ID = "x-hasura-auth0-user-id";

  static final int MAX_TOKEN_LENGTH = LoginTokens.MAX_LENGTH;
  // The post-login Action (auth0/actions) sends the Auth0 user id as the username, and Auth0's ids
  // are "<provider>|<id>", e.g. twitter|123 or oauth2|connection|id: short.
  static final int MAX_USERNAME_LENGTH = 512;

  /** Where the social tokens come from, and so which session variables a payload must carry. */
  enum TokenOrigin {
    /** {@code x-hasura-access-token} and {@code x-hasura-access-token-secret}. */
    SESSION_VARIABLES,
    /** Auth0's Management API, for the Auth0 user id in {@code x-hasura-user-id}. */
    AUTH0
  }

  private ActionRequestParser() {}

  /**
   * Reads a payload whose tokens are in the session variables.
   *
   * @throws FailureException {@code payload-too-large}, {@code invalid-payload} or {@code
   *     invalid-session-variables}
   */
  static ActionRequest parse(String body) throws FailureException {
    return parse(body, TokenOrigin.SESSION_VARIABLES);
  }

  /**
   * Reads the payload, requiring the session variables that {@code origin} needs.
   *
   * @throws FailureException {@code payload-too-large}, {@code invalid-payload} or {@code
   *     invalid-session-variables}
   */
  static ActionRequest parse(String body, TokenOrigin origin) throws FailureException {
    // At least one byte a char, so a long text is too large before it is encoded.
    if (body != null
        && (body.length() > MAX_BODY_BYTES
            || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES)) {
      throw Failure.of(
              Failure.Kind.PAYLOAD_TOO_LARGE,
              "the request body is over "
                  + MAX_BODY_BYTES
                  + " bytes; Hasura's action payload is far smaller")
          .toException();
    }
    if (body == null || body.isBlank()) {
      throw invalidPayload(
          "the request body is empty: expected Hasura's action payload with session_variables");
    }
    Map<String, Value> variables;
    try (JsonReader reader = new JsonReader(new StringReader(body))) {
      variables = readPayload(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw notJson();
      }
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      // The library's text is not passed on: it quotes the input, which may hold a token.
      throw notJson();
    }
    String username = require(variables, USER_ID, MAX_USERNAME_LENGTH);
    if (origin == TokenOrigin.AUTH0) {
      // Tokens in the claims are not needed, and not used: Auth0 is the one source then.
      return ActionRequest.forAuth0User(auth0UserId(username, variables));
    }
    return new ActionRequest(
        username,
        require(variables, ACCESS_TOKEN, MAX_TOKEN_LENGTH),
        require(variables, ACCESS_TOKEN_SECRET, MAX_TOKEN_LENGTH));
  }

  /**
   * The Auth0 user whose tokens are stored: the one the username names. The username is the one
   * value Hasura ties to the JWT, because the function's GraphQL calls carry the caller's JWT and
   * the role's permissions admit only rows of that JWT's x-hasura-user-id. Taking the Auth0 user
   * from any other variable would let a caller who reaches the function directly (with the function
   * key, but not through Hasura) write another user's social tokens into their own account.
   */
  private static String auth0UserId(String username, Map<String, Value> variables)
      throws FailureException {
    // Auth0's user ids read provider|id. This also keeps "." and "..", which OkHttp reads as path
    // steps in the Management API's users/{id} ("." would call users, the list of every user with
    // their identity provider tokens), out of the URL.
    if (username.indexOf('|') < 0) {
      throw Failure.of(
              Failure.Kind.INVALID_SESSION_VARIABLES,
              "session variable "
                  + USER_ID
                  + " is not an Auth0 user id (provider|id, e.g. twitter|1001): with the tokens"
                  + " from Auth0 (AUTH0_DOMAIN set), the username must be the user's Auth0 user id,"
                  + " as the post-login Action sets it from event.user.user_id")
          .toException();
    }
    // The post-login Action of earlier versions sent the id a second time; the same id is harmless,
    // anything else is a payload not to act on.
    Value second = variables.get(AUTH0_USER_ID);
    if (second != null && second.problem() != null) {
      throw Failure.of(
              Failure.Kind.INVALID_SESSION_VARIABLES,
              "session variable "
                  + AUTH0_USER_ID
                  + " "
                  + second.problem()
                  + ": with the tokens from Auth0 (AUTH0_DOMAIN set), the function needs only "
                  + USER_ID
                  + "; leave the claim out")
          .toException();
    }
    if (second != null && !username.equals(second.text())) {
      throw Failure.of(
              Failure.Kind.INVALID_SESSION_VARIABLES,
              "session variable "
                  + AUTH0_USER_ID
                  + " differs from "
                  + USER_ID
                  + ": with the tokens from Auth0 (AUTH0_DOMAIN set), the function stores the"
                  + " tokens of the Auth0 user that "
                  + USER_ID
                  + " names, the one Hasura ties to the JWT; leave the claim out")
          .toException();
    }
    return username;
  }

  private static Map<String, Value> readPayload(JsonReader reader)
      throws IOException, FailureException {
    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
      skipAll(reader);
      throw invalidPayload("the request body must be a JSON object (Hasura's action payload)");
    }
    Map<String, Value> variables = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (!reader.nextName().equals(SESSION_VARIABLES)) {
        reader.skipValue();
      } else if (variables != null) {
        // A second copy would silently win over the first; which one Hasura meant is unknowable.
        skipAll(reader);
        throw invalidPayload("session_variables is given more than once");
      } else if (reader.peek() != JsonToken.BEGIN_OBJECT) {
        skipAll(reader);
        throw invalidPayload("session_variables must be a JSON object");
      } else {
        variables = readVariables(reader);
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
        value = Value.of(reader.nextString());
      } else {
        reader.skipValue();
        value = Value.unusable("must be a string");
      }
      if (variables.put(key, value) != null) {
        variables.put(key, Value.unusable("is given more than once"));
      }
    }
    reader.endObject();
    return variables;
  }

  /**
   * Reads to the end of the document so that a syntax error further on is reported as such, not as
   * the wrong shape.
   */
  private static void skipAll(JsonReader reader) throws IOException, FailureException {
    reader.skipValue();
    while (reader.peek() == JsonToken.NAME) {
      reader.nextName();
      reader.skipValue();
    }
    if (reader.peek() == JsonToken.END_OBJECT) {
      reader.endObject();
    }
    if (reader.peek() != JsonToken.END_DOCUMENT) {
      throw notJson();
    }
  }

  private static String require(Map<String, Value> variables, String name, int maxLength)
      throws FailureException {
    Value value = variables.get(name);
    String problem;
    if (value == null) {
      problem = "is missing";
    } else if (value.problem() != null) {
      problem = value.problem();
    } else if (value.text().isBlank()) {
      problem = "must not be blank";
    } else if (value.text().length() > maxLength) {
      problem = "is longer than " + maxLength + " characters";
    } else if (!isStorable(value.text())) {
      problem = "contains U+0000 or an unpaired surrogate";
    } else {
      return value.text();
    }
    throw Failure.of(
            Failure.Kind.INVALID_SESSION_VARIABLES,
            "session variable " + name + " " + problem + whatTheClaimsMustCarry(name))
        .toException();
  }

  /**
   * Whether {@code text} can be stored as sent: PostgreSQL's text cannot hold U+0000 (in the
   * username a database error for the caller's mistake, or other text where a driver cuts the
   * string there; no OAuth token holds one either), and UTF-8 has no encoding for a lone surrogate,
   * which OkHttp (the username) or the cipher (a token) would turn into {@code ?}: another username
   * or token.
   */
  private static boolean isStorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String whatTheClaimsMustCarry(String name) {
    return name.equals(USER_ID) ? "" : ": the JWT's claims must carry the user's social tokens";
  }

  private static FailureException notJson() {
    return invalidPayload("the request body is not valid JSON");
  }

  private static FailureException invalidPayload(String message) {
    return Failure.of(Failure.Kind.INVALID_PAYLOAD, message).toException();
  }

  /** A session variable as read: its text, or why it cannot be used (then the text is null). */
  private record Value(String text, String problem) {
    static Value of(String text) {
      return new Value(text, null);
    }

    static Value unusable(String problem) {
      return new Value(null, problem);
    }
  }
}
