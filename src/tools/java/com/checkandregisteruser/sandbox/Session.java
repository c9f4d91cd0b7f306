package com.checkandregisteruser.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Who a request runs as: the role and Hasura's session variables. Keys are lower case and every
 * value is a string, as in the action payload; {@code x-hasura-role} is always among them.
 */
record Session(String role, Map<String, String> variables) {

  static final String ADMIN_ROLE = "admin";

  Session {
    // Insertion order is kept so payloads read naturally; nothing depends on it.
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  boolean isAdmin() {
    return ADMIN_ROLE.equals(role);
  }

  /** Returns the variable's value, looked up case-insensitively, or null. */
  String variable(String name) {
    return variables.get(name.toLowerCase(Locale.ROOT));
  }
}
