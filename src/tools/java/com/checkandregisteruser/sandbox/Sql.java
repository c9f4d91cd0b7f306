package com.checkandregisteruser.sandbox;

/** SQL text helpers. */
final class Sql {

  private Sql() {}

  /** Returns the name as a quoted identifier ("user" is a reserved word, so always quote). */
  static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
