package com.checkandregisteruser;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes the JSON the function sends (GraphQL requests, Auth0 grants, its answers) with Gson's tree
 * and streaming API, as {@code Gson.toJson} does with HTML escaping off: a member whose value is
 * JSON null is left out. Unlike {@code Gson.toJson}, it refuses NaN and the infinities ({@code
 * IllegalArgumentException}): they are not JSON, and no value the function sends is a float.
 *
 * <p>Why not a {@code Gson} instance: building one initialises every type adapter and factory Gson
 * registers, ~140 classes and ~30 ms of a process's first answer (docs/cold-start.md), and the
 * function never binds a Java object; it only reads and writes trees.
 */
final class JsonText {
  private JsonText() {}

  /** {@code element} as JSON text. */
  static String of(JsonElement element) {
    StringWriter text = new StringWriter();
    try {
      JsonWriter writer = new JsonWriter(text);
      writer.setHtmlSafe(false);
      writer.setSerializeNulls(false);
      write(writer, element);
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return text.toString();
  }

  /** {@code value} as a JSON string literal. */
  static String quoted(String value) {
    return of(new JsonPrimitive(value));
  }

  // Recursive: the function writes only trees it built itself, a few levels deep.
  private static void write(JsonWriter writer, JsonElement element) throws IOException {
    if (element == null || element.isJsonNull()) {
      writer.nullValue();
    } else if (element instanceof JsonObject object) {
      writer.beginObject();
      for (Map.Entry<String, JsonElement> member : object.entrySet()) {
        writer.name(member.getKey());
        write(writer, member.getValue());
      }
      writer.endObject();
    } else if (element instanceof JsonArray array) {
      writer.beginArray();
      for (JsonElement item : array) {
        write(writer, item);
      }
      writer.endArray();
    } else {
      JsonPrimitive primitive = element.getAsJsonPrimitive();
      if (primitive.isString()) {
        writer.value(primitive.getAsString());
      } else if (primitive.isBoolean()) {
        writer.value(primitive.getAsBoolean());
      } else {
        writer.value(primitive.getAsNumber());
      }
    }
  }
}
