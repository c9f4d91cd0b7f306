package com.checkandregisteruser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.azure.functions.HttpStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request the host builds for the function, from the parts of an HTTP request. */
class LocalHttpRequestIT {
  private static final URI URL = URI.create("http://127.0.0.1:7071/api/checkAndRegisterUser");

  @Test
  void namesDifferingOnlyInCase_becomeOneLowerCaseHeader_withValuesJoinedByComma() {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    raw.put("X-Forwarded-For", List.of("10.0.0.1"));
    raw.put("x-forwarded-FOR", List.of("10.0.0.2", "", "10.0.0.3"));

    LocalHttpRequest request = LocalHttpRequest.of("POST", URL, raw, new byte[0]);

    assertEquals(Map.of("x-forwarded-for", "10.0.0.1,10.0.0.2,10.0.0.3"), request.getHeaders());
  }

  @Test
  void zeroBytes_isOptionalEmpty_butWhitespaceIsABody() {
    assertEquals(
        Optional.empty(), LocalHttpRequest.of("POST", URL, Map.of(), new byte[0]).getBody());
    assertEquals(
        Optional.of(" "),
        LocalHttpRequest.of("POST", URL, Map.of(), " ".getBytes(StandardCharsets.UTF_8)).getBody());
  }

  @Test
  void queryParameters_areDecoded_andNamesWithoutValueKept() {
    LocalHttpRequest request =
        LocalHttpRequest.of(
            "POST",
            URI.create(URL + "?flag&pct=100%25&&empty=&name=a%20b+c"),
            Map.of(),
            new byte[0]);

    assertEquals(
        Map.of("flag", "", "pct", "100%", "empty", "", "name", "a b c"),
        request.getQueryParameters());
  }

  @Test
  void responseBuilder_buildsALocalResponse_withTheGivenStatus() {
    LocalHttpRequest request = LocalHttpRequest.of("POST", URL, Map.of(), new byte[0]);

    LocalHttpResponse response =
        (LocalHttpResponse)
            request
                .createResponseBuilder(HttpStatus.BAD_GATEWAY)
                .header("content-type", "text/plain")
                .header("Content-Type", "application/json")
                .body("{}")
                .build();

    assertEquals(502, response.getStatusCode());
    assertEquals(
        Map.of("Content-Type", "application/json"),
        response.headers(),
        "a header set twice keeps the last");
    assertEquals("application/json", response.getHeader("CONTENT-TYPE"));
  }

  @Test
  void toString_showsMethodAndPathOnly() {
    LocalHttpRequest request =
        LocalHttpRequest.of(
            "POST",
            URI.create(URL + "?code=secret-query"),
            Map.of("Authorization", List.of("Bearer secret")),
            "secret-body".getBytes(StandardCharsets.UTF_8));

    assertEquals("POST /api/checkAndRegisterUser", request.toString());
    assertFalse(request.toString().contains("secret"));
  }
}
