package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.local.LocalFunctionHost;
import com.checkandregisteruser.sandbox.JwtSecret;
import com.checkandregisteruser.sandbox.PostgresFixture;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.parser.Parser;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * The pieces that must agree and live in different files: the function's code, Hasura's metadata
 * and migration, local.settings.json, hasura/docker-compose.yml, the pom's app settings, CI, the
 * README and docs/. (Links and contract citations: DocsIT.)
 */
class ProjectConsistencyIT {
  private static final Path HASURA = Path.of("hasura");
  private static final Path METADATA = HASURA.resolve("metadata");

  @SuppressWarnings("unchecked")
  private static <T> T yaml(Path file) throws Exception {
    return (T) new Yaml().load(Files.readString(file));
  }

  private static Map<String, Object> action() throws Exception {
    Map<String, Object> actions = yaml(METADATA.resolve("actions.yaml"));
    List<Map<String, Object>> list = cast(actions.get("actions"));
    return list.stream()
        .filter(a -> "checkAndRegisterUser".equals(a.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("actions.yaml defines checkAndRegisterUser"));
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }

  private static HttpTrigger trigger() throws Exception {
    Method run =
        CheckAndRegisterUserFunction.class.getMethod(
            "run",
            com.microsoft.azure.functions.HttpRequestMessage.class,
            com.microsoft.azure.functions.ExecutionContext.class);
    Parameter request = run.getParameters()[0];
    return request.getAnnotation(HttpTrigger.class);
  }

  @Test
  void actionHandlerPath_isTheFunctionsRoute() throws Exception {
    Map<String, Object> definition = cast(action().get("definition"));

    assertEquals("{{ACTION_BASE_URL}}/" + trigger().route(), definition.get("handler"));
    assertEquals(
        true,
        definition.get("forward_client_headers"),
        "the function needs the client's Authorization");
    assertEquals("synchronous", definition.get("kind"));
  }

  @Test
  void actionHeaders_carryTheSecretAndFunctionKeyFromTheSettingsTheFunctionReads()
      throws Exception {
    Map<String, Object> definition = cast(action().get("definition"));
    Map<String, String> headers = new java.util.HashMap<>();
    for (Map<String, Object> header :
        List.<Map<String, Object>>copyOf(cast(definition.get("headers")))) {
      headers.put((String) header.get("name"), (String) header.get("value_from_env"));
    }

    assertEquals(Settings.ACTION_SECRET, headers.get(ActionSecretVerifier.HEADER));
    assertEquals("ACTION_FUNCTIONS_KEY", headers.get("x-functions-key"));
  }

  @Test
  void actionTimeout_outlastsTheFunctionsWorstCase() throws Exception {
    Map<String, Object> definition = cast(action().get("definition"));
    int actionTimeoutSeconds = (Integer) definition.get("timeout");

    // Every call of one login (up to five GraphQL calls and the Auth0 calls) runs within the one
    // budget REGISTRATION_TIMEOUT_MS, whose default is 18000 ms; it must end before Hasura gives
    // up.
    int registrationTimeoutMs = 18_000;
    assertEquals(registrationTimeoutMs, Settings.DEFAULT_REGISTRATION_TIMEOUT_MS);
    assertTrue(
        registrationTimeoutMs < actionTimeoutSeconds * 1_000,
        "REGISTRATION_TIMEOUT_MS's "
            + registrationTimeoutMs
            + " ms must end before Hasura gives up at "
            + actionTimeoutSeconds
            + " s");
    assertTrue(
        actionTimeoutSeconds <= 30,
        "Hasura's default is 30 s; the Functions host's timeout in host.json is 30 s");
  }

  @Test
  void actionOutputType_hasTheFieldTheFunctionAnswers() throws Exception {
    Document sdl = Parser.parse(Files.readString(METADATA.resolve("actions.graphql")));
    String text = graphql.language.AstPrinter.printAstCompact(sdl);

    assertTrue(
        text.contains("type Mutation {checkAndRegisterUser: CheckAndRegisterUserOutput}"), text);
    assertTrue(text.contains("type CheckAndRegisterUserOutput {affected_rows: Int!}"), text);
    List<Map<String, Object>> permissions = cast(action().get("permissions"));
    assertEquals("user", permissions.get(0).get("role"));
  }

  /** Columns per table that the function's two GraphQL operations read or write. */
  private static Map<String, Set<String>> columnsTheFunctionUses() {
    Map<String, Set<String>> used = Map.of("user", new TreeSet<>(), "account", new TreeSet<>());
    Field user = rootField(RegistrationService.GET_USER);
    assertEquals("user", user.getName());
    ObjectValue where = (ObjectValue) argument(user, "where");
    where.getObjectFields().forEach(f -> used.get("user").add(f.getName()));
    for (Selection<?> selection : user.getSelectionSet().getSelections()) {
      used.get("user").add(((Field) selection).getName());
    }
    Field insert = rootField(RegistrationService.CREATE_ACCOUNT_USER);
    assertEquals("insert_account_user", insert.getName());
    ObjectValue objects = (ObjectValue) argument(insert, "objects");
    for (ObjectField relationship : objects.getObjectFields()) {
      ObjectValue data =
          (ObjectValue)
              ((ObjectValue) relationship.getValue())
                  .getObjectFields().stream()
                      .filter(f -> f.getName().equals("data"))
                      .findFirst()
                      .orElseThrow()
                      .getValue();
      data.getObjectFields().forEach(f -> used.get(relationship.getName()).add(f.getName()));
    }
    return used;
  }

  private static Field rootField(String document) {
    OperationDefinition operation =
        Parser.parse(document).getDefinitionsOfType(OperationDefinition.class).get(0);
    return (Field) operation.getSelectionSet().getSelections().get(0);
  }

  private static Object argument(Field field, String name) {
    return field.getArguments().stream()
        .filter(a -> a.getName().equals(name))
        .map(Argument::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError(field.getName() + " has argument " + name));
  }

  @Test
  void migration_hasTheColumnsTheFunctionWritesAndTheUniqueKeysTheRaceFixNeeds() throws Exception {
    Map<String, Set<String>> used = columnsTheFunctionUses();
    assertEquals(Set.of("username"), used.get("user"));
    assertEquals(
        Set.of("access_token", "access_token_secret", "account_name"), used.get("account"));

    try (PostgresFixture postgres = PostgresFixture.start();
        Connection db = postgres.dataSource().getConnection()) {
      for (Map.Entry<String, Set<String>> table : used.entrySet()) {
        Set<String> columns =
            strings(
                db,
                "select column_name from information_schema.columns"
                    + " where table_schema = 'public' and table_name = ?",
                table.getKey());
        assertTrue(columns.containsAll(table.getValue()), table.getKey() + " has " + columns);
      }
      // The re-check after a constraint violation is only sound if a second registration must
      // violate one.
      Set<String> unique =
          strings(
              db,
              "select string_agg(a.attname, ',') from pg_constraint c"
                  + " join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)"
                  + " where c.contype = 'u' and c.conrelid = ?::regclass group by c.oid",
              "public.\"user\"");
      assertTrue(unique.contains("username"), "user.username is unique: " + unique);
      Set<String> uniqueAccount =
          strings(
              db,
              "select string_agg(a.attname, ',') from pg_constraint c"
                  + " join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)"
                  + " where c.contype = 'u' and c.conrelid = ?::regclass group by c.oid",
              "public.account");
      assertTrue(
          uniqueAccount.contains("account_name"),
          "account.account_name is unique: " + uniqueAccount);
    }
  }

  private static Set<String> strings(Connection db, String sql, String parameter) throws Exception {
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      statement.setString(1, parameter);
      Set<String> values = new LinkedHashSet<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
      return values;
    }
  }

  private static Map<String, Object> table(String name) throws Exception {
    return yaml(METADATA.resolve("databases/default/tables/public_" + name + ".yaml"));
  }

  private static Map<String, Object> permission(String table, String kind) throws Exception {
    List<Map<String, Object>> permissions = cast(table(table).get(kind));
    assertTrue(permissions != null, table + " has " + kind);
    Map<String, Object> forUser =
        permissions.stream()
            .filter(p -> "user".equals(p.get("role")))
            .findFirst()
            .orElseThrow(() -> new AssertionError(table + " " + kind + " for role user"));
    return cast(forUser.get("permission"));
  }

  @Test
  void userRolePermissions_allowExactlyWhatTheFunctionsOperationsNeed() throws Exception {
    Map<String, Set<String>> used = columnsTheFunctionUses();

    assertOwnRowsOnly(
        "user",
        "select_permissions",
        used.get("user"),
        "filter",
        "username",
        "a user may only see their own row");
    assertOwnRowsOnly(
        "user",
        "insert_permissions",
        used.get("user"),
        "check",
        "username",
        "a user may only register their own username");
    assertOwnRowsOnly(
        "account",
        "insert_permissions",
        used.get("account"),
        "check",
        "account_name",
        "a user may only register their own account name");
    String linkCheck =
        String.valueOf(permission("account_user", "insert_permissions").get("check"));
    assertTrue(
        linkCheck.contains("user={username={_eq=X-Hasura-User-Id}}")
            && linkCheck.contains("account={account_name={_eq=X-Hasura-User-Id}}"),
        linkCheck);

    Set<String> relationships = new HashSet<>();
    for (Map<String, Object> relationship :
        List.<Map<String, Object>>copyOf(cast(table("account_user").get("object_relationships")))) {
      relationships.add((String) relationship.get("name"));
    }
    assertEquals(
        Set.of("account", "user"), relationships, "the nested insert's two object relationships");
  }

  /**
   * Role user's {@code kind} on {@code table} permits every column the function uses, and its
   * {@code expression} (filter or check) pins {@code column} to the session's user id.
   */
  private static void assertOwnRowsOnly(
      String table,
      String kind,
      Set<String> usedColumns,
      String expression,
      String column,
      String why)
      throws Exception {
    Map<String, Object> permission = permission(table, kind);
    assertTrue(
        List.<String>copyOf(cast(permission.get("columns"))).containsAll(usedColumns),
        table + " " + kind + " columns");
    assertEquals(
        Map.of(column, Map.of("_eq", "X-Hasura-User-Id")), permission.get(expression), why);
  }

  /** Every setting the function reads: the ones always read, then the Auth0 ones. */
  private static List<String> settingsTheFunctionReads() {
    List<String> names = new ArrayList<>(Settings.NAMES);
    names.addAll(Auth0Settings.NAMES);
    return names;
  }

  @Test
  void localSettings_listEverySettingTheFunctionReadsWithoutSecrets() throws Exception {
    JsonObject values =
        JsonParser.parseString(Files.readString(Path.of("local.settings.json")))
            .getAsJsonObject()
            .getAsJsonObject("Values");

    assertTrue(
        values.keySet().containsAll(settingsTheFunctionReads()),
        "missing: " + missing(values.keySet(), settingsTheFunctionReads()));
    assertEquals("java", values.get("FUNCTIONS_WORKER_RUNTIME").getAsString());
    assertEquals("", values.get("AzureWebJobsStorage").getAsString());
    for (String secret :
        List.of(
            Settings.ACTION_SECRET,
            Settings.TOKEN_ENCRYPTION_KEY,
            Settings.TOKEN_DECRYPTION_KEYS,
            Auth0Settings.AUTH0_CLIENT_ID,
            Auth0Settings.AUTH0_CLIENT_SECRET)) {
      assertEquals(
          "", values.get(secret).getAsString(), secret + " stays empty in the committed template");
    }
    assertEquals("http://localhost:8080", values.get(Settings.GRAPHQL_BASE_API).getAsString());
    assertEquals(
        "",
        values.get(Auth0Settings.AUTH0_DOMAIN).getAsString(),
        "the template takes the tokens from the session variables until AUTH0_DOMAIN is given");
    assertEquals(
        String.valueOf(Settings.DEFAULT_CALL_TIMEOUT_MS),
        values.get(Settings.GRAPHQL_CALL_TIMEOUT_MS).getAsString());
  }

  private static List<String> missing(Set<String> present, List<String> wanted) {
    List<String> missing = new ArrayList<>(wanted);
    missing.removeAll(present);
    return missing;
  }

  @Test
  void dockerCompose_wiresHasuraToTheFunctionOnTheHostAndToTheProjectsMetadata() throws Exception {
    Map<String, Object> compose = yaml(Path.of("hasura", "docker-compose.yml"));
    Map<String, Object> hasura =
        cast(
            List.of(compose.get("services")).stream()
                .map(s -> (Map<String, Object>) cast(s))
                .findFirst()
                .orElseThrow()
                .get("hasura"));
    Map<String, String> environment = cast(hasura.get("environment"));

    String baseUrl = environment.get("ACTION_BASE_URL");
    assertTrue(
        baseUrl.contains(
            "host.docker.internal:"
                + LocalFunctionHost.DEFAULT_PORT
                + LocalFunctionHost.ROUTE_PREFIX),
        baseUrl);
    assertEquals(LocalFunctionHost.ROUTE, LocalFunctionHost.ROUTE_PREFIX + "/" + trigger().route());
    assertTrue(
        List.<String>copyOf(cast(hasura.get("extra_hosts")))
            .contains("host.docker.internal:host-gateway"));
    // Hasura fails every action call when a value_from_env variable is unset.
    Map<String, Object> definition = cast(action().get("definition"));
    for (Map<String, Object> header :
        List.<Map<String, Object>>copyOf(cast(definition.get("headers")))) {
      assertTrue(
          environment.containsKey((String) header.get("value_from_env")),
          header + " has a value in compose");
    }
    // Auth0's configuration (auth0/SETUP.md), one Hasura and the sandbox read alike.
    JwtSecret auth0 =
        JwtSecret.parse(
            environment
                .get("HASURA_GRAPHQL_JWT_SECRET")
                .replace("${AUTH0_DOMAIN}", "tenant.example.auth0.com")
                .replace("${AUTH0_AUDIENCE}", "https://hasura.example.com/"));
    assertEquals(
        URI.create("https://tenant.example.auth0.com/.well-known/jwks.json"), auth0.jwkUrl());
    assertEquals(Optional.of("https://tenant.example.auth0.com/"), auth0.issuer());
    assertEquals(Optional.of(List.of("https://hasura.example.com/")), auth0.audience());
    assertEquals(Duration.ofSeconds(30), auth0.allowedSkew());
    // HS256 only as the local-development override.
    Map<String, Object> hs256 = yaml(Path.of("hasura", "docker-compose.hs256.yml"));
    Map<String, Object> hs256Hasura =
        cast(((Map<String, Object>) cast(hs256.get("services"))).get("hasura"));
    Map<String, String> hs256Environment = cast(hs256Hasura.get("environment"));
    assertTrue(hs256Environment.get("HASURA_GRAPHQL_JWT_SECRET").contains("\"type\":\"HS256\""));
    List<String> volumes = cast(hasura.get("volumes"));
    assertTrue(volumes.contains("./migrations:/hasura-migrations:ro"), volumes.toString());
    assertTrue(volumes.contains("./metadata:/hasura-metadata:ro"), volumes.toString());
    assertTrue(
        List.<String>copyOf(cast(hasura.get("ports"))).contains("127.0.0.1:8080:8080"),
        "local.settings.json's GRAPHQL_BASE_API is http://localhost:8080");
  }

  private static org.w3c.dom.Document pom() throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(Path.of("pom.xml").toFile());
  }

  /** The child elements of {@code parent} named {@code name}, in order. */
  private static List<Element> children(Element parent, String name) {
    List<Element> children = new ArrayList<>();
    for (int i = 0; i < parent.getChildNodes().getLength(); i++) {
      if (parent.getChildNodes().item(i) instanceof Element child
          && child.getTagName().equals(name)) {
        children.add(child);
      }
    }
    return children;
  }

  /** The only child element of {@code parent} named {@code name}. */
  private static Element child(Element parent, String name) {
    List<Element> children = children(parent, name);
    assertEquals(1, children.size(), "one <" + name + "> in <" + parent.getTagName() + ">");
    return children.get(0);
  }

  /** The {@code appSettings} of the azure-functions-maven-plugin in {@code build}. */
  private static Element appSettingsIn(Element build) {
    for (Element plugin : children(child(build, "plugins"), "plugin")) {
      if (child(plugin, "artifactId").getTextContent().equals("azure-functions-maven-plugin")) {
        return child(child(plugin, "configuration"), "appSettings");
      }
    }
    throw new AssertionError("no azure-functions-maven-plugin in this <build>");
  }

  /** An {@code appSettings} element's settings, name to value as written ({@code ${...}} kept). */
  private static Map<String, String> settings(Element appSettings) {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (Element property : children(appSettings, "property")) {
      settings.put(
          child(property, "name").getTextContent(), child(property, "value").getTextContent());
    }
    return settings;
  }

  /** A {@code <properties>} element's properties, name to value. */
  private static Map<String, String> properties(Element owner) {
    Map<String, String> properties = new java.util.HashMap<>();
    for (Element block : children(owner, "properties")) {
      for (int i = 0; i < block.getChildNodes().getLength(); i++) {
        if (block.getChildNodes().item(i) instanceof Element property) {
          properties.put(property.getTagName(), property.getTextContent());
        }
      }
    }
    return properties;
  }

  /** The pom's main {@code appSettings}: what every deploy writes. */
  private static Map<String, String> mainAppSettings() throws Exception {
    return settings(appSettingsIn(child(pom().getDocumentElement(), "build")));
  }

  /** The profile switched on by a property of this name (any value), or null. */
  private static Element profileActivatedBy(String property) throws Exception {
    Element profiles = child(pom().getDocumentElement(), "profiles");
    for (Element profile : children(profiles, "profile")) {
      for (Element activation : children(profile, "activation")) {
        for (Element condition : children(activation, "property")) {
          if (child(condition, "name").getTextContent().equals(property)
              && children(condition, "value").isEmpty()) {
            return profile;
          }
        }
      }
    }
    return null;
  }

  /**
   * The settings a deploy writes from {@code written}, given the command line's {@code -D}
   * properties: each {@code ${name}} takes the command line's value, else the pom's default (the
   * profile's, else the project's), and one with neither would be deployed as the literal text.
   */
  private static Map<String, String> deployed(
      Map<String, String> written, Map<String, String> commandLine, Element profile)
      throws Exception {
    Map<String, String> defaults = properties(pom().getDocumentElement());
    defaults.putAll(properties(profile));
    Map<String, String> deployed = new java.util.HashMap<>();
    for (Map.Entry<String, String> setting : written.entrySet()) {
      Matcher property = Pattern.compile("\\$\\{(\\w+)}").matcher(setting.getValue());
      assertTrue(property.matches(), setting + " takes its value from one property");
      String value = commandLine.getOrDefault(property.group(1), defaults.get(property.group(1)));
      assertTrue(value != null, setting + " has a value without -D" + property.group(1));
      deployed.put(setting.getKey(), value);
    }
    return deployed;
  }

  @Test
  void pomAppSettings_holdNoAuth0Setting_soADeployWithoutAuth0LeavesTheAppsOwn() throws Exception {
    // given the settings every deploy writes, with or without -Dauth0Domain
    Map<String, String> appSettings = mainAppSettings();

    // then none is Auth0's: a deploy without -Dauth0Domain does not touch those set in the portal
    List<String> auth0 = appSettings.keySet().stream().filter(n -> n.startsWith("AUTH0_")).toList();
    assertEquals(List.of(), auth0);
    assertTrue(appSettings.containsKey("GRAPHQL_BASE_API"), appSettings.toString());
  }

  @Test
  void auth0Profile_activatedByAuth0Domain_appendsTheFourSettingsEachFromItsProperty()
      throws Exception {
    // given the profile a deploy with -Dauth0Domain=... switches on
    Element profile = profileActivatedBy("auth0Domain");
    assertTrue(profile != null, "a profile activated by the property auth0Domain, whatever value");
    Element appSettings = appSettingsIn(child(profile, "build"));

    // then it adds the four to the main appSettings rather than replacing them
    assertEquals("append", appSettings.getAttribute("combine.children"));
    // and each comes from its property; the secret is the deployer's Key Vault reference, never
    // fixed
    Map<String, String> written = settings(appSettings);
    assertEquals(
        Map.of(
            "AUTH0_DOMAIN", "${auth0Domain}",
            "AUTH0_CLIENT_ID", "${auth0ClientId}",
            "AUTH0_CLIENT_SECRET", "${auth0ClientSecretReference}",
            "AUTH0_IDENTITY_PROVIDER", "${auth0IdentityProvider}"),
        written);
    assertEquals(new TreeSet<>(Auth0Settings.NAMES), new TreeSet<>(written.keySet()));
    assertEquals(4, written.size(), "each once: " + written.keySet());

    // when a deploy gives every property
    Map<String, String> full =
        deployed(
            written,
            Map.of(
                "auth0Domain", "tenant.eu.auth0.com",
                "auth0ClientId", "m2m-client-id",
                "auth0ClientSecretReference",
                    "@Microsoft.KeyVault(VaultName=kv;SecretName=auth0-client-secret)",
                "auth0IdentityProvider", "google-oauth2"),
            profile);
    // then each setting carries its property's value
    assertEquals(
        Map.of(
            "AUTH0_DOMAIN", "tenant.eu.auth0.com",
            "AUTH0_CLIENT_ID", "m2m-client-id",
            "AUTH0_CLIENT_SECRET",
                "@Microsoft.KeyVault(VaultName=kv;SecretName=auth0-client-secret)",
            "AUTH0_IDENTITY_PROVIDER", "google-oauth2"),
        full);
  }

  @Test
  void auth0Profile_withTheDomainAlone_deploysEmptySettingsTheFunctionNamesAsMisconfigured()
      throws Exception {
    // given a deploy with -Dauth0Domain and none of its companions
    Element profile = profileActivatedBy("auth0Domain");
    assertTrue(profile != null, "a profile activated by the property auth0Domain");
    Map<String, String> written = settings(appSettingsIn(child(profile, "build")));

    Map<String, String> deployed =
        deployed(written, Map.of("auth0Domain", "tenant.eu.auth0.com"), profile);

    // then the other three are empty, not the literal ${...}
    assertEquals(
        Map.of(
            "AUTH0_DOMAIN", "tenant.eu.auth0.com",
            "AUTH0_CLIENT_ID", "",
            "AUTH0_CLIENT_SECRET", "",
            "AUTH0_IDENTITY_PROVIDER", ""),
        deployed);
    // and the function refuses them, naming the first one missing (500 misconfigured)
    Failure failure =
        assertThrows(FailureException.class, () -> Auth0Settings.fromMap(deployed)).failure();
    assertEquals(500, failure.kind().status());
    assertEquals("misconfigured", failure.kind().code());
    assertTrue(
        failure.message().startsWith("the function is misconfigured: AUTH0_CLIENT_ID is not set"),
        failure.message());
  }

  @Test
  void deployDocs_passTheAuth0ClientSecretAsItsKeyVaultReference() throws Exception {
    String deploy = Files.readString(Path.of("docs", "deploy-azure.md"));
    String setup = Files.readString(Path.of("auth0", "SETUP.md"));

    assertTrue(
        deploy.contains(
            "\"-Dauth0ClientSecretReference=@Microsoft.KeyVault(VaultName=$KV;SecretName=auth0-client-secret)\""),
        "docs/deploy-azure.md shows the reference to pass, quoted for the shell");
    assertTrue(
        setup.contains(
            "\"-Dauth0ClientSecretReference=@Microsoft.KeyVault(VaultName=MY_VAULT;SecretName=auth0-client-secret)\""),
        "auth0/SETUP.md shows the reference to pass, quoted for the shell");
  }

  @Test
  void pomAppSettings_coverTheSettingsAndReferenceSecretsFromKeyVault() throws Exception {
    Map<String, String> appSettings = mainAppSettings();
    Element auth0 = profileActivatedBy("auth0Domain");
    assertTrue(auth0 != null, "the Auth0 profile");
    Set<String> deployable = new HashSet<>(appSettings.keySet());
    deployable.addAll(settings(appSettingsIn(child(auth0, "build"))).keySet());

    // Every setting the function reads, Auth0's through its profile; TOKEN_DECRYPTION_KEYS is set
    // only during a key rotation (docs/token-format.md).
    List<String> expected = new ArrayList<>(settingsTheFunctionReads());
    expected.remove(Settings.TOKEN_DECRYPTION_KEYS);
    assertTrue(deployable.containsAll(expected), "missing: " + missing(deployable, expected));
    assertTrue(appSettings.get(Settings.TOKEN_ENCRYPTION_KEY).startsWith("@Microsoft.KeyVault("));
    assertTrue(appSettings.get(Settings.ACTION_SECRET).startsWith("@Microsoft.KeyVault("));
    assertEquals(
        String.valueOf(Settings.DEFAULT_CALL_TIMEOUT_MS),
        appSettings.get(Settings.GRAPHQL_CALL_TIMEOUT_MS));
  }

  @Test
  void ciAndWorkflow_runTheReadmesTestCommand() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains("\nmvn -B verify "), "the README's commands");
    assertTrue(readme.contains("\nmvn test "), "the README's commands");
    assertTrue(readme.contains("\nmvn -Psandbox "), "the README's commands");
    assertTrue(Files.readString(Path.of(".ci", "run")).contains("\nmvn -B verify\n"));

    Map<String, Object> workflow = yaml(Path.of(".github", "workflows", "ci.yml"));
    Map<String, Object> jobs = cast(workflow.get("jobs"));
    assertEquals(Set.of("test", "e2e-real-hasura", "deploy"), jobs.keySet());
    String testSteps = String.valueOf(((Map<String, Object>) cast(jobs.get("test"))).get("steps"));
    assertTrue(testSteps.contains("run=mvn -B verify"), testSteps);
    // The browser test against the real Hasura image, where the runner has Docker.
    String e2eSteps =
        String.valueOf(((Map<String, Object>) cast(jobs.get("e2e-real-hasura"))).get("steps"));
    assertTrue(e2eSteps.contains("run=bash examples/nextjs/e2e/run.sh --compose"), e2eSteps);
    Map<String, Object> deploy = cast(jobs.get("deploy"));
    assertEquals("test", deploy.get("needs"));
    assertTrue(String.valueOf(deploy.get("steps")).contains("uses=Azure/functions-action@v1"));
  }

  @Test
  void readmeProfiles_runTheToolsTheDocsName() throws Exception {
    org.w3c.dom.Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    Map<String, String> mainClassByProfile = new java.util.HashMap<>();
    NodeList profiles = pom.getElementsByTagName("profile");
    for (int i = 0; i < profiles.getLength(); i++) {
      Element profile = (Element) profiles.item(i);
      NodeList mainClass = profile.getElementsByTagName("mainClass");
      if (mainClass.getLength() > 0) {
        mainClassByProfile.put(
            profile.getElementsByTagName("id").item(0).getTextContent(),
            mainClass.item(0).getTextContent());
      }
    }

    assertEquals(
        Map.of(
            "sandbox", "com.checkandregisteruser.sandbox.SandboxStack",
            "sandbox-jwt", "com.checkandregisteruser.sandbox.MintJwt",
            "local", "com.checkandregisteruser.local.LocalFunctionHost"),
        mainClassByProfile);
    String localDevelopment = Files.readString(Path.of("docs", "local-development.md"));
    assertTrue(localDevelopment.contains("`mvn -Psandbox`"), "docs/local-development.md");
    assertTrue(localDevelopment.contains("`mvn -Plocal`"), "docs/local-development.md");
    assertTrue(
        localDevelopment.contains("`mvn -q -Psandbox-jwt -Duser="), "docs/local-development.md");
  }

  /** The rows of the first Markdown table after {@code heading} in {@code markdown}, as cells. */
  private static List<List<String>> tableAfter(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, "a heading " + heading);
    List<List<String>> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : markdown.substring(start).split("\n")) {
      if (line.startsWith("|")) {
        inTable = true;
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) {
          cells.add(cell.strip());
        }
        rows.add(cells);
      } else if (inTable) {
        break;
      }
    }
    return rows.subList(Math.min(2, rows.size()), rows.size()); // no header, no separator
  }

  @Test
  void readmeSettingsTable_listsExactlyTheSettingsTheFunctionReads_withTheTemplatesDefaults()
      throws Exception {
    List<List<String>> rows = tableAfter(Files.readString(Path.of("README.md")), "## Settings");
    JsonObject template =
        JsonParser.parseString(Files.readString(Path.of("local.settings.json")))
            .getAsJsonObject()
            .getAsJsonObject("Values");

    List<String> names = new ArrayList<>();
    List<String> disagreeing = new ArrayList<>();
    for (List<String> row : rows) {
      String name = row.get(0).replace("`", "");
      names.add(name);
      String documentedDefault = row.get(2).replace("`", "");
      String templateValue = template.has(name) ? template.get(name).getAsString() : null;
      // The template leaves secrets and the URL to the user; where it has a value, it is the
      // default.
      boolean agrees =
          templateValue == null
              || templateValue.isEmpty()
              || name.equals(Settings.GRAPHQL_BASE_API)
              || templateValue.equals(documentedDefault);
      if (!agrees) {
        disagreeing.add(name + ": README " + documentedDefault + ", template " + templateValue);
      }
    }

    assertEquals(new TreeSet<>(settingsTheFunctionReads()), new TreeSet<>(names));
    assertEquals(settingsTheFunctionReads().size(), names.size(), "each setting once: " + names);
    assertEquals(List.of(), disagreeing);
  }

  @Test
  void readmeErrorTable_namesOnlyCodesTheProductAnswers() throws Exception {
    List<List<String>> rows =
        tableAfter(Files.readString(Path.of("README.md")), "## Answers and errors");
    String product;
    try (var sources = Files.walk(Path.of("src", "main", "java"))) {
      StringBuilder all = new StringBuilder();
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        all.append(Files.readString(source));
      }
      product = all.toString();
    }

    List<String> unknown = new ArrayList<>();
    for (List<String> row : rows) {
      String code = row.get(2).replace("`", "");
      if (!product.contains("\"" + code + "\"")) {
        unknown.add(code);
      }
    }
    assertTrue(rows.size() >= 11, "the README's error table: " + rows.size() + " rows");
    assertEquals(List.of(), unknown, "codes in the README's error table that no product code says");
  }

  /** The headings of the README and of every file in docs/. */
  private static Set<String> docHeadings() throws Exception {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (var docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
    }
    Set<String> headings = new HashSet<>();
    for (Path file : files) {
      Matcher heading = Pattern.compile("(?m)^#{1,3} (.+)$").matcher(Files.readString(file));
      while (heading.find()) {
        headings.add(heading.group(1).strip());
      }
    }
    return headings;
  }

  @Test
  void sectionsPointedToByName_existAsHeadingsOfTheReadmeOrDocs() throws Exception {
    Set<String> headings = docHeadings();
    Pattern reference =
        Pattern.compile("\\b(?:see|under|in|shown in) (?:the README's )?\"([A-Z][^\"]+)\"");
    List<Path> files =
        new ArrayList<>(
            List.of(
                Path.of("README.md"),
                Path.of(".github", "workflows", "ci.yml"),
                Path.of("bench", "README.md")));
    try (var docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
    }
    List<String> dangling = new ArrayList<>();
    int checked = 0;
    for (Path file : files) {
      if (!Files.exists(file)) {
        continue;
      }
      Matcher references = reference.matcher(Files.readString(file));
      while (references.find()) {
        checked++;
        String name = references.group(1);
        if (headings.stream().noneMatch(h -> h.startsWith(name))) {
          dangling.add(file + ": \"" + name + "\"");
        }
      }
    }
    assertTrue(checked >= 1, "the workflow points to a section of the docs");
    assertEquals(List.of(), dangling);
  }

  @Test
  void readmeAndDocs_mentionOnlyFilesThatExist() throws Exception {
    List<Path> files =
        new ArrayList<>(List.of(Path.of("README.md"), Path.of("hasura", "README.md")));
    try (var docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    Pattern path =
        Pattern.compile(
            "`((?:hasura|src|bench|docs|\\.ci|\\.github)/[\\w./\\-]*|[\\w\\-]+\\.(?:json|yml|xml))`");
    List<String> absent = new ArrayList<>();
    int checked = 0;
    for (Path file : files) {
      Matcher paths = path.matcher(Files.readString(file));
      while (paths.find()) {
        checked++;
        if (!Files.exists(Path.of(paths.group(1)))) {
          absent.add(file + ": " + paths.group(1));
        }
      }
    }
    assertTrue(checked > 20, "the README and docs name project files: " + checked);
    assertEquals(List.of(), absent);
  }
}
