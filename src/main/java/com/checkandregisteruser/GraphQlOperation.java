package com.checkandregisteruser;

import com.google.gson.Gson;

/**
 * A GraphQL document, with the JSON request prefix {@code {"query":"...","variables":} serialised once,
 * so a call only has to append its variables.
 */
public record GraphQlOperation(String requestPrefix) {

  /** Prepares {@code document}; values never go into it, only into the variables. */
  public static GraphQlOperation of(String document, Gson gson) {
    return new GraphQlOperation("{\"query\":" + gson.toJson(document) + ",\"variables\":");
  }
}
