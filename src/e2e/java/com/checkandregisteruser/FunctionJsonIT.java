package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What `mvn package` wrote for the Functions host: the binding Azure and Core Tools will load. */
class FunctionJsonIT {
  private static final Path APP = PackagedApp.FOLDER;

  @Test
  void functionJson_declaresThePostRouteWithFunctionLevelAuth() throws Exception {
    Path file = APP.resolve("action_checkAndRegisterUser").resolve("function.json");
    assertTrue(Files.isRegularFile(file), file + " is written by the package phase");

    JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    JsonArray bindings = json.getAsJsonArray("bindings");
    JsonObject trigger = bindings.get(0).getAsJsonObject();

    assertEquals(
        "com.checkandregisteruser.CheckAndRegisterUserFunction.run",
        json.get("entryPoint").getAsString());
    assertEquals("httpTrigger", trigger.get("type").getAsString());
    assertEquals("req", trigger.get("name").getAsString());
    assertEquals("checkAndRegisterUser", trigger.get("route").getAsString());
    assertEquals(JsonParser.parseString("[\"POST\"]"), trigger.get("methods"));
    assertEquals("FUNCTION", trigger.get("authLevel").getAsString());
    assertEquals("$return", bindings.get(1).getAsJsonObject().get("name").getAsString());
  }

  @Test
  void package_carriesHostJsonWithTheExtensionBundle() throws Exception {
    JsonObject host =
        JsonParser.parseString(Files.readString(APP.resolve("host.json"))).getAsJsonObject();

    assertEquals("2.0", host.get("version").getAsString());
    assertEquals(
        "[4.*, 5.0.0)", host.getAsJsonObject("extensionBundle").get("version").getAsString());
  }
}
