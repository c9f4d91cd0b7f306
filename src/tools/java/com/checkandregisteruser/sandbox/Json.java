package com.checkandregisteruser.sandbox;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON helpers; works with Gson 2.9 (the Azure worker's) as well as the project's newer Gson. */
final class Json {

  // Aeson does not HTML-escape '<', '>', '=' or '\'', and keeps nulls: so must we.
  static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private static final TypeAdapter<JsonElement> ELEMENTS = GSON.getAdapter(JsonElement.class);

  private Json() {}

  static String write(JsonElement element) {
    return GSON.toJson(element);
  }

  /**
   * Parses text the way a strict parser (Aeson) does, or returns empty: Gson's own parse methods
   * are lenient and would accept unquoted words; a JsonReader is strict unless told otherwise. A
   * top-level scalar is valid JSON, but Gson 2.9 refuses it in strict mode, hence the wrapping in
   * an array.
   */
  static Optional<JsonElement> parseStrict(String text) {
    try (JsonReader reader = new JsonReader(new StringReader("[" + text + "\n]"))) {
      JsonElement wrapped = ELEMENTS.read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT
          || !wrapped.isJsonArray()
          || wrapped.getAsJsonArray().size() != 1) {
        return Optional.empty();
      }
      return Optional.of(wrapped.getAsJsonArray().get(0));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Converts JSON to plain values: Map (ordered), List, String, BigDecimal, Boolean or null. */
  static Object toPlain(JsonElement element) {
    if (element == null || element.isJsonNull()) {
      return null;
    }
    if (element.isJsonObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      element.getAsJsonObject().entrySet().forEach(e -> map.put(e.getKey(), toPlain(e.getValue())));
      return map;
    }
    if (element.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      element.getAsJsonArray().forEach(item -> list.add(toPlain(item)));
      return list;
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    if (primitive.isBoolean()) {
      return primitive.getAsBoolean();
    }
    if (primitive.isNumber()) {
      return new BigDecimal(primitive.getAsString());
    }
    return primitive.getAsString();
  }

  /** Converts plain values (see {@link #toPlain}) back to JSON. */
  static JsonElement fromPlain(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((k, v) -> object.add(String.valueOf(k), fromPlain(v)));
      return object;
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(fromPlain(item)));
      return array;
    }
    if (value instanceof Boolean bool) {
      return new JsonPrimitive(bool);
    }
    if (value instanceof Number number) {
      return new JsonPrimitive(number);
    }
    return new JsonPrimitive(String.valueOf(value));
  }

  /** Returns Aeson's name for the JSON type, as used in its parse error messages. */
  static String aesonTypeName(JsonElement element) {
    if (element == null || element.isJsonNull()) {
      return "Null";
    }
    if (element.isJsonObject()) {
      return "Object";
    }
    if (element.isJsonArray()) {
      return "Array";
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    return primitive.isBoolean() ? "Boolean" : primitive.isNumber() ? "Number" : "String";
  }
}
