package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
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
  void nestingUpToTheLimit_isReadWhole() {
    // given objects nested 255 deep, Gson 2.11+'s own limit
    String text = nested(255);

    // when it is read, then every level is there
    assertEquals(255, depthOf(UpstreamJson.parseObject(text)));
  }

  @Test
  void nestingPastTheLimit_isRefused_withEitherGson() {
    // given objects nested 256 deep, arrays 200,000 deep inside an object (a 1 MiB answer of
    // brackets would be a ~70 MB tree), and objects 200,000 deep (a recursive reader's overflow)
    String justPast = nested(256);
    String arrays = "{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
    String objects = nested(200_000);

    // when each is read, then none is: Gson 2.9 (the worker's) has no limit of its own
    assertNull(UpstreamJson.parseObject(justPast));
    assertNull(UpstreamJson.parseObject(arrays));
    assertNull(UpstreamJson.parseObject(objects));
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
