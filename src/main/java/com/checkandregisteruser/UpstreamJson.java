package com.checkandregisteruser;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads an upstream's answer body as exactly one JSON object, or nothing: never throws.
 *
 * <p>It builds Gson's tree from Gson's streaming reader itself, without a {@code Gson} instance
 * (see {@link JsonText} for why), and without recursion. Nesting deeper than {@value #MAX_DEPTH} is
 * refused, as Gson 2.11+'s reader refuses it: the worker's Gson 2.9 has no such limit, and a 1 MiB
 * answer of brackets would otherwise become a tree of ~70 MB.
 */
final class UpstreamJson {
  /** Gson 2.11+'s default nesting limit, so that both Gson versions read the same answers. */
  static final int MAX_DEPTH = 255;

  private UpstreamJson() {}

  /** Returns the object {@code text} holds, or null when it is anything else or not JSON at all. */
  static JsonObject parseObject(String text) {
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      if (reader.peek() != JsonToken.BEGIN_OBJECT) {
        return null;
      }
      JsonObject object = readObject(reader);
      return object != null && reader.peek() == JsonToken.END_DOCUMENT ? object : null;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      // MalformedJsonException is an IOException; a number BigDecimal cannot read, the other.
      return null;
    }
  }

  /** Reads the object that comes next, or returns null when it nests deeper than allowed. */
  private static JsonObject readObject(JsonReader reader) throws IOException {
    JsonObject root = new JsonObject();
    reader.beginObject();
    // The containers still open above the current one, innermost last.
    Deque<JsonElement> open = new ArrayDeque<>();
    JsonElement current = root;
    while (true) {
      while (reader.hasNext()) {
        String name = current instanceof JsonObject ? reader.nextName() : null;
        JsonElement value = begin(reader);
        boolean container = value != null;
        if (!container) {
          value = scalar(reader);
        }
        if (current instanceof JsonObject object) {
          object.add(name, value);
        } else {
          ((JsonArray) current).add(value);
        }
        if (container) {
          open.addLast(current);
          current = value;
          // The root is depth 1; open holds the containers above the current one.
          if (open.size() + 1 > MAX_DEPTH) {
            return null;
          }
        }
      }
      if (current instanceof JsonObject) {
        reader.endObject();
      } else {
        reader.endArray();
      }
      if (open.isEmpty()) {
        return root;
      }
      current = open.removeLast();
    }
  }

  /** Opens the object or array that comes next and returns it empty, or null for a scalar. */
  private static JsonElement begin(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        reader.beginObject();
        return new JsonObject();
      }
      case BEGIN_ARRAY -> {
        reader.beginArray();
        return new JsonArray();
      }
      default -> {
        return null;
      }
    }
  }

  private static JsonElement scalar(JsonReader reader) throws IOException {
    return switch (reader.peek()) {
      case STRING -> new JsonPrimitive(reader.nextString());
      // Exact for any number BigDecimal holds (an exponent beyond the int range makes the answer
      // unreadable); getAsInt and getAsLong then read it as Gson's own tree would.
      case NUMBER -> new JsonPrimitive(new BigDecimal(reader.nextString()));
      case BOOLEAN -> new JsonPrimitive(reader.nextBoolean());
      case NULL -> {
        reader.nextNull();
        yield JsonNull.INSTANCE;
      }
      default -> throw new IllegalStateException("unexpected " + reader.peek());
    };
  }
}
