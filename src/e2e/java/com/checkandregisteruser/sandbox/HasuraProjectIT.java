package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.e2e.Rows;
import com.checkandregisteruser.sandbox.HasuraMetadata.HeaderConf;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The hasura/ project itself: what a real Hasura would load, and the sandbox's SDL kept in step
 * with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HasuraProjectIT {

  private final HasuraProject project = HasuraProject.locate();
  private final HasuraMetadata metadata = HasuraMetadata.load(project.metadataDirectory());
  private PostgresFixture postgres;

  @BeforeAll
  void startDatabase() {
    postgres = PostgresFixture.start(project);
  }

  @AfterAll
  void stopDatabase() {
    postgres.close();
  }

  @Test
  void configAndVersion_areCliConfigV3() throws Exception {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Map<String, Object> config = yaml.load(Files.readString(project.root().resolve("config.yaml")));
    Map<String, Object> version =
        yaml.load(Files.readString(project.metadataDirectory().resolve("version.yaml")));

    assertEquals(3, config.get("version"));
    assertEquals("metadata", config.get("metadata_directory"));
    assertEquals(3, version.get("version"));
  }

  @Test
  void action_isDeclaredAsTheContractSays() {
    HasuraMetadata.Action action = metadata.actions().get(0);

    assertEquals("checkAndRegisterUser", action.name());
    assertEquals("{{ACTION_BASE_URL}}/checkAndRegisterUser", action.handler());
    assertTrue(action.forwardClientHeaders());
    assertEquals(
        List.of(
            new HeaderConf("x-action-secret", null, "ACTION_SECRET"),
            new HeaderConf("x-functions-key", null, "ACTION_FUNCTIONS_KEY")),
        action.headers());
    assertEquals(Duration.ofSeconds(20), action.timeout());
    assertEquals(Set.of("user"), action.roles());
  }

  @Test
  void userRole_mayReadOnlyOwnUserAndInsertItsOwnRegistration() {
    var user = metadata.tables().get("user");
    var accountUser = metadata.tables().get("account_user");

    assertEquals(
        Map.of("username", Map.of("_eq", "X-Hasura-User-Id")),
        user.selectPermissions().get("user").filter());
    assertEquals(
        Map.of("username", Map.of("_eq", "X-Hasura-User-Id")),
        user.insertPermissions().get("user").check());
    assertEquals(
        Set.of("account_name", "access_token", "access_token_secret"),
        Set.copyOf(metadata.tables().get("account").insertPermissions().get("user").columns()));
    assertEquals(
        List.of("account", "user"),
        accountUser.objectRelationships().stream()
            .map(HasuraMetadata.ObjectRelationship::name)
            .toList());
  }

  @Test
  void userRole_mayReadAndRewriteOnlyTheTokensOfItsOwnAccount() {
    var account = metadata.tables().get("account");
    var own = Map.of("account_name", Map.of("_eq", "X-Hasura-User-Id"));

    assertEquals(
        Set.of("access_token", "access_token_secret", "account_name", "created_at", "id"),
        Set.copyOf(account.selectPermissions().get("user").columns()));
    assertEquals(own, account.selectPermissions().get("user").filter());
    var update = account.updatePermissions().get("user");
    assertEquals(List.of("access_token", "access_token_secret"), update.columns());
    assertEquals(own, update.filter());
    assertEquals(own, update.check());
    assertEquals(Set.of("user"), account.updatePermissions().keySet());
    assertEquals(Map.of(), metadata.tables().get("user").updatePermissions());
    assertEquals(Map.of(), metadata.tables().get("account_user").updatePermissions());
  }

  @Test
  void sandboxSchema_hasExactlyTheDatabasesColumns() throws SQLException {
    TrackedTables tables =
        TrackedTables.build(metadata, DatabaseCatalog.read(postgres.dataSource()));
    GraphQLSchema schema = HasuraSchema.build(metadata.actionsSdl());

    for (TrackedTables.Table table : tables.all().values()) {
      Set<String> columnsAndRelationships = new TreeSet<>(table.columns().keySet());
      columnsAndRelationships.addAll(table.relationships().keySet());
      assertEquals(
          columnsAndRelationships,
          fields((GraphQLFieldsContainer) schema.getType(table.name())),
          table.name());
      assertEquals(
          columnsAndRelationships,
          inputFields(schema, table.name() + "_insert_input"),
          table.name());
      Set<String> boolExp = new TreeSet<>(columnsAndRelationships);
      boolExp.addAll(Set.of("_and", "_or", "_not"));
      assertEquals(boolExp, inputFields(schema, table.name() + "_bool_exp"), table.name());
      assertEquals(
          table.columns().keySet(), inputFields(schema, table.name() + "_set_input"), table.name());
    }
  }

  @Test
  void downMigrations_dropEverythingNewestFirst_andUpsRecreateIt() throws Exception {
    List<Path> ups = project.upMigrations();
    Rows rows = new Rows(postgres.dataSource());
    for (int i = ups.size() - 1; i >= 0; i--) {
      rows.execute(Files.readString(ups.get(i).resolveSibling("down.sql")));
    }
    assertEquals(Map.of(), DatabaseCatalog.read(postgres.dataSource()).tables());

    for (Path up : ups) {
      rows.execute(Files.readString(up));
    }
    assertEquals(
        Set.of("user", "account", "account_user"),
        DatabaseCatalog.read(postgres.dataSource()).tables().keySet());
  }

  private static Set<String> fields(GraphQLFieldsContainer type) {
    return type.getFieldDefinitions().stream()
        .map(f -> f.getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> inputFields(GraphQLSchema schema, String name) {
    return ((GraphQLInputObjectType) schema.getType(name))
        .getFieldDefinitions().stream()
            .map(f -> f.getName())
            .collect(Collectors.toCollection(TreeSet::new));
  }
}
