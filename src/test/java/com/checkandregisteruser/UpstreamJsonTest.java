package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamJsonTest {

  @Test
  void anObject_isReadWithEveryKindOfValue() {
    // given a GraphQL answer with nested objects, arrays, numbers, booleans and nulls
    String text =
        "{\"data\":{\"user\":[{\"id\":7,\"name\":\"alice\",\"admin\":false,\"token\":null,"
            + "\"ratio\":0.25,\"big\":12345678901234567890,\"tags\":[\"a\",[],{}]}]}}";

    // when it is read
    JsonObject json = UpstreamJson.parseObject(text);

    // then every value is there with its type
    JsonObject user = json.getAsJsonObject("data").getAsJsonArray("user").get(0).getAsJsonObject();
    assertEquals(7, user.get("id").getAsInt());
    assertTrue(user.get("id").getAsJsonPrimitive().isNumber());
    assertEquals("alice", user.get("name").getAsString());
    assertTrue(user.get("admin").getAsJsonPrimitive().isBoolean());
    assertTrue(user.get("token").isJsonNull());
    assertEquals(0.25, user.get("ratio").getAsDouble());
    assertEquals("12345678901234567890", user.get("big").getAsBigInteger().toString());
    JsonArray tags = user.getAsJsonArray("tags");
    assertEquals(3, tags.size());
    assertTrue(tags.get(1).isJsonArray());
    assertTrue(tags.get(2).isJsonObject());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "\"text\"",
        "42",
        "null",
        "{\"a\":1}{\"b\":2}",
        "{\"a\":1} trailing",
        "{\"a\":}",
        "{\"a\":1",
        "{a:1}",
        "{\"a\":1e99999999999}",
        "<html>502 Bad Gateway</html>"
      })
  void anythingButExactlyOneJsonObject_isNull(String text) {
    assertNull(UpstreamJson.parseObject(text));
  }

  @Test
  void nestedObjects_areReadWhole() {
    // given objects nested 250 deep (Gson 2.11+ readers refuse more than 255)
    String text = nested(250);

    // when it is read, then every level is there
    assertEquals(250, depthOf(UpstreamJson.parseObject(text)));
  }

  @Test
  void nestingFarTooDeep_isRefusedOrReadWhole_neverAStackOverflow() {
    // given objects nested 200,000 deep: a recursive reader would overflow the stack
    String text = nested(200_000);

    // when it is read
    JsonObject json = UpstreamJson.parseObject(text);

    // then a reader with a nesting limit (Gson 2.11+) refuses it; Gson 2.9's reads it all
    if (readerLimitsNesting()) {
      assertNull(json);
    } else {
      assertEquals(200_000, depthOf(json));
    }
  }

  private static boolean readerLimitsNesting() {
    return Arrays.stream(JsonReader.class.getMethods())
        .anyMatch(m -> m.getName().equals("setNestingLimit"));
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private static int depthOf(JsonObject json) {
    int depth = 1;
    JsonObject level = json;
    while (level.get("a").isJsonObject()) {
      level = level.getAsJsonObject("a");
      depth++;
    }
    assertEquals(1, level.get("a").getAsInt());
    return depth;
  }
}
