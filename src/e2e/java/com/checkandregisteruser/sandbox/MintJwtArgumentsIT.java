package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code mvn -q -Psandbox-jwt -Duser=... [-DaccessToken=...] [-DaccessTokenSecret=...]}: the
 * arguments exactly as the pom's profile hands them to MintJwt, with every property left out passed
 * as blank.
 */
class MintJwtArgumentsIT {
  /**
   * The profile's {@code commandlineArgs} with the properties given (the others blank, as the
   * profile's own empty defaults make them), split on whitespace as exec-maven-plugin splits them:
   * an empty argument disappears.
   */
  private static String[] pomArguments(Map<String, String> properties) throws Exception {
    NodeList profiles =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile())
            .getElementsByTagName("profile");
    for (int i = 0; i < profiles.getLength(); i++) {
      Element profile = (Element) profiles.item(i);
      if (profile.getElementsByTagName("id").item(0).getTextContent().equals("sandbox-jwt")) {
        String line = profile.getElementsByTagName("commandlineArgs").item(0).getTextContent();
        for (String name : List.of("user", "accessToken", "accessTokenSecret")) {
          line = line.replace("${" + name + "}", properties.getOrDefault(name, ""));
        }
        return Arrays.stream(line.strip().split("\\s+")).toArray(String[]::new);
      }
    }
    throw new AssertionError("pom.xml has no sandbox-jwt profile");
  }

  @Test
  void userAlone_getsTheDemoTokens() throws Exception {
    Map<String, Object> claims = MintJwtRun.of(pomArguments(Map.of("user", "bob"))).hasuraClaims();

    assertEquals(
        Map.of(
            "x-hasura-allowed-roles", List.of("user"),
            "x-hasura-default-role", "user",
            "x-hasura-user-id", "bob",
            "x-hasura-access-token", "demo-oauth-token-bob",
            "x-hasura-access-token-secret", "demo-oauth-token-secret-bob"),
        claims);
  }

  @Test
  void secretWithoutAnAccessToken_staysTheSecret_andTheTokenIsTheDemoOne() throws Exception {
    // given -DaccessTokenSecret without -DaccessToken
    String[] args = pomArguments(Map.of("user", "bob", "accessTokenSecret", "given-secret"));

    // when the token is minted
    Map<String, Object> claims = MintJwtRun.of(args).hasuraClaims();

    // then the secret is not taken for the access token
    assertEquals("demo-oauth-token-bob", claims.get("x-hasura-access-token"));
    assertEquals("given-secret", claims.get("x-hasura-access-token-secret"));
  }

  @Test
  void everyPropertyGiven_landsInItsOwnClaim() throws Exception {
    Map<String, Object> claims =
        MintJwtRun.of(
                pomArguments(
                    Map.of(
                        "user", "carol",
                        "accessToken", "given-token",
                        "accessTokenSecret", "given-secret")))
            .hasuraClaims();

    assertEquals(
        Map.of(
            "x-hasura-allowed-roles", List.of("user"),
            "x-hasura-default-role", "user",
            "x-hasura-user-id", "carol",
            "x-hasura-access-token", "given-token",
            "x-hasura-access-token-secret", "given-secret"),
        claims);
  }

  @Test
  void noUser_isAUsageError() throws Exception {
    MintJwtRun run = MintJwtRun.of(pomArguments(Map.of("accessToken", "given-token")));

    assertEquals(2, run.status());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("usage: mvn -q -Psandbox-jwt -Duser=<user id>"), run.err());
  }

  @Test
  void unknownArgument_isAUsageErrorNamingIt() {
    MintJwtRun run = MintJwtRun.of("--user=bob", "--acces-token=typo");

    assertEquals(2, run.status());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("unknown argument --acces-token\n"), run.err());
    assertFalse(run.err().contains("typo"), "a value given is not echoed: it may be a token");
  }
}
