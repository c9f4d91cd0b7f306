package com.checkandregisteruser;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/** Reads an upstream's answer body as exactly one JSON object, or nothing: never throws. */
final class UpstreamJson {
  private UpstreamJson() {}

  /** Returns the object {@code text} holds, or null when it is anything else or not JSON at all. */
  static JsonObject parseObject(Gson gson, String text) {
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      JsonElement element = gson.getAdapter(JsonElement.class).read(reader);
      return element != null && element.isJsonObject() && reader.peek() == JsonToken.END_DOCUMENT
          ? element.getAsJsonObject()
          : null;
    } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
      return null;
    } catch (StackOverflowError e) {
      // Gson 2.9's tree adapter recurses; absurdly deep JSON is no upstream's answer.
      return null;
    }
  }
}
