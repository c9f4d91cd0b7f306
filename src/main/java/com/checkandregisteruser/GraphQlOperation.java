package com.checkandregisteruser;

/**
 * A GraphQL document, with the JSON request prefix {@code {"query":"...","variables":} serialised once,
 * so a call only has to append its variables.
 */
public record GraphQlOperation(String requestPrefix) {

  /** Prepares {@code document}; values never go into it, only into the variables. */
  public static GraphQlOperation of(String document) {
    return new GraphQlOperation("{\"query\":" + JsonText.quoted(document) + ",\"variables\":");
  }
}
