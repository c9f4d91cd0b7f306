package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void membersKeepTheirOrderAndTypes() {
    // given an object with every kind of value
    JsonObject object = new JsonObject();
    object.addProperty("name", "alice");
    object.addProperty("rows", 2);
    object.addProperty("big", new BigDecimal("12345678901234567890.5"));
    object.addProperty("ok", true);
    JsonArray list = new JsonArray();
    list.add("a");
    list.add(1);
    list.add(new JsonObject());
    object.add("list", list);

    // when it is written
    String text = JsonText.of(object);

    // then it reads as it was built
    assertEquals(
        "{\"name\":\"alice\",\"rows\":2,\"big\":12345678901234567890.5,\"ok\":true,"
            + "\"list\":[\"a\",1,{}]}",
        text);
  }

  @Test
  void aMemberThatIsNull_isLeftOut_asGsonToJsonDoes() {
    // given members set to JSON null, the way addProperty stores a null string
    JsonObject object = new JsonObject();
    object.addProperty("refreshToken", (String) null);
    object.add("nothing", JsonNull.INSTANCE);
    object.addProperty("username", "alice");

    // when it is written, then only the member with a value is there
    assertEquals("{\"username\":\"alice\"}", JsonText.of(object));
  }

  @Test
  void nullInsideAnArray_staysNull() {
    JsonArray list = new JsonArray();
    list.add(JsonNull.INSTANCE);

    assertEquals("[null]", JsonText.of(list));
  }

  @Test
  void htmlCharactersAreNotEscaped_butQuotesAndControlCharactersAre() {
    // given a string with characters Gson escapes by default for HTML, and some JSON must escape
    String value = "<a href='x'>&=</a> \"q\" \\ \n\t\u0001 \u2028";

    // when it is quoted
    String text = JsonText.quoted(value);

    // then only what JSON requires (and the line separator JavaScript chokes on) is escaped
    assertEquals("\"<a href='x'>&=</a> \\\"q\\\" \\\\ \\n\\t\\u0001 \\u2028\"", text);
  }

  @Test
  void nanAndInfinity_areRefused_forTheyAreNotJson() {
    for (double notJson : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1 / 0.0}) {
      JsonObject object = new JsonObject();
      object.addProperty("d", notJson);

      assertThrows(IllegalArgumentException.class, () -> JsonText.of(object), "" + notJson);
    }
  }

  @Test
  void writesWhatGsonToJsonWrote_forTheValuesTheFunctionSends() {
    // given trees of the kinds the function builds, with awkward strings, nulls at every depth
    JsonObject variables = new JsonObject();
    variables.addProperty("username", "ålice <o'neil> & \"co\" \\ \u2028 \u0000 \uD83D\uDE00");
    variables.addProperty("accessToken", "v1:k2:AbC-_=");
    variables.addProperty("accessTokenSecret", (String) null);
    variables.addProperty("affected_rows", 3);
    variables.addProperty("expires", 9_007_199_254_740_993L);
    JsonObject nested = new JsonObject();
    nested.add("gone", JsonNull.INSTANCE);
    JsonArray list = new JsonArray();
    list.add(JsonNull.INSTANCE);
    list.add(false);
    nested.add("list", list);
    variables.add("nested", nested);

    // when both write it, then the text is the same
    Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    assertEquals(gson.toJson(variables), JsonText.of(variables));
    assertEquals(
        gson.toJson("query Q($a: String!) { q(a: $a) \"x\" }"),
        JsonText.quoted("query Q($a: String!) { q(a: $a) \"x\" }"));
  }
}
