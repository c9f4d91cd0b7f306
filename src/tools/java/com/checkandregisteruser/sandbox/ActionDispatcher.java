package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.local.ActionPayload;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls a synchronous action's handler as Hasura's callWebhook does
 * (server/src-lib/Hasura/GraphQL/Execute/Action.hs): POST with body {action, input,
 * session_variables, request_query}; headers are the configured ones, then Content-Type and
 * User-Agent, then the forwarded client headers (mkClientHeadersForward), merged by name so that a
 * later one wins: a client header beats a configured header of the same name.
 */
final class ActionDispatcher {

  static final String USER_AGENT = "hasura-graphql-engine/v2-sandbox";

  // Hasura.Authentication.Headers.commonClientHeadersIgnored, plus every x-hasura-* header.
  private static final Set<String> IGNORED_CLIENT_HEADERS =
      Set.of(
          "content-length",
          "content-md5",
          "user-agent",
          "host",
          "origin",
          "referer",
          "accept",
          "accept-encoding",
          "accept-language",
          "accept-datetime",
          "cache-control",
          "connection",
          "dnt",
          "content-type");

  // Hop-by-hop or otherwise refused by java.net.http; Hasura's client would pass them on. Not sent.
  private static final Set<String> NOT_SENDABLE =
      Set.of(
          "transfer-encoding",
          "expect",
          "upgrade",
          "te",
          "keep-alive",
          "proxy-connection",
          "date",
          "from",
          "via",
          "warning");

  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");

  private final HttpClient http;
  private final HasuraMetadata.Action action;
  private final Map<String, String> environment;
  private final Duration timeout;

  ActionDispatcher(
      HttpClient http,
      HasuraMetadata.Action action,
      Map<String, String> environment,
      Duration timeout) {
    this.http = http;
    this.action = action;
    this.environment = Map.copyOf(environment);
    this.timeout = timeout;
  }

  /**
   * Calls the handler and returns its HTTP answer; a failure to get one is Hasura's http exception.
   */
  Answer call(
      Session session,
      RequestHeaders clientHeaders,
      String requestQuery,
      Map<String, Object> input) {
    JsonObject payload =
        ActionPayload.of(action.name(), Json.fromPlain(input), session.variables(), requestQuery);

    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(expand(action.handler())))
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(payload), StandardCharsets.UTF_8));
    headers(clientHeaders)
        .forEach(
            (name, value) -> {
              if (!NOT_SENDABLE.contains(name.toLowerCase(Locale.ROOT))) {
                request.setHeader(name, value);
              }
            });
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw HasuraError.atRoot("unexpected", "http exception when calling webhook");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HasuraError.atRoot("unexpected", "http exception when calling webhook");
    }
  }

  /** The handler's status and body. */
  record Answer(int status, String body) {}

  private Map<String, String> headers(RequestHeaders clientHeaders) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HasuraMetadata.HeaderConf conf : action.headers()) {
      headers.put(
          conf.name(), conf.valueFromEnv() != null ? headerEnv(conf.valueFromEnv()) : conf.value());
    }
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", USER_AGENT);
    if (action.forwardClientHeaders()) {
      forwarded(clientHeaders).forEach(header -> headers.put(header.getKey(), header.getValue()));
    }
    return headers;
  }

  private static List<Map.Entry<String, String>> forwarded(RequestHeaders clientHeaders) {
    List<Map.Entry<String, String>> forwarded = new ArrayList<>();
    for (Map.Entry<String, String> header : clientHeaders.entries()) {
      switch (header.getKey().toLowerCase(Locale.ROOT)) {
        case "host" -> forwarded.add(Map.entry("X-Forwarded-Host", header.getValue()));
        case "user-agent" -> forwarded.add(Map.entry("X-Forwarded-User-Agent", header.getValue()));
        case "origin" -> forwarded.add(Map.entry("X-Forwarded-Origin", header.getValue()));
        default -> {}
      }
    }
    for (Map.Entry<String, String> header : clientHeaders.entries()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!IGNORED_CLIENT_HEADERS.contains(name) && !name.startsWith("x-hasura-")) {
        forwarded.add(header);
      }
    }
    return forwarded;
  }

  // Hasura resolves {{VAR}} in handler URLs from its own environment.
  private String expand(String template) {
    Matcher matcher = TEMPLATE.matcher(template);
    StringBuilder expanded = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(expanded, Matcher.quoteReplacement(env(matcher.group(1))));
    }
    matcher.appendTail(expanded);
    return expanded.toString();
  }

  // Hasura.RQL.DDL.Headers.makeHeadersFromConf, on every call.
  private String headerEnv(String name) {
    String value = environment.get(name);
    if (value == null) {
      throw HasuraError.atRoot("not-found", "environment variable '" + name + "' not set");
    }
    return value;
  }

  // Hasura resolves the handler template when it loads metadata and reports a missing variable as
  // an inconsistency; the sandbox reports it when the action is called.
  private String env(String name) {
    String value = environment.get(name);
    if (value == null) {
      throw HasuraError.atRoot(
          "unexpected", "sandbox: environment variable " + name + " is not set for the action");
    }
    return value;
  }
}
