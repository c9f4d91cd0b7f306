package com.checkandregisteruser.sandbox;

import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A request's headers in arrival order; names compare case-insensitively, as HTTP says. */
record RequestHeaders(List<Map.Entry<String, String>> entries) {

  RequestHeaders {
    entries = List.copyOf(entries);
  }

  static RequestHeaders of(Headers headers) {
    List<Map.Entry<String, String>> entries = new ArrayList<>();
    headers.forEach((name, values) -> values.forEach(value -> entries.add(Map.entry(name, value))));
    return new RequestHeaders(entries);
  }

  /** Returns the first value of the header, or null. */
  String first(String name) {
    for (Map.Entry<String, String> entry : entries) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }
}
