package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.sandbox.TrackedTables.Table;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import graphql.ParseAndValidate;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs one GraphQL request for an authenticated session, in Hasura's order: parse, pick the
 * operation, "no mutations exist", variables, fields the role may see, the rest of GraphQL
 * validation (graphql-java, whose messages are not Hasura's), then execution. A query runs its root
 * fields on one connection; a mutation runs all its database fields in one transaction, and an
 * action without touching the database. Any error fails the whole request, with no partial data.
 */
final class GraphQlEngine {

  private final GraphQLSchema schema;
  private final FieldVisibility visibility;
  private final HasuraValidator validator;
  private final TrackedTables tables;
  private final SelectExecutor select;
  private final InsertExecutor insert;
  private final UpdateExecutor update;
  private final Map<String, ActionDispatcher> actions;
  private final DataSource dataSource;

  GraphQlEngine(
      GraphQLSchema schema,
      FieldVisibility visibility,
      TrackedTables tables,
      Map<String, ActionDispatcher> actions,
      DataSource dataSource) {
    this.schema = schema;
    this.visibility = visibility;
    this.validator = new HasuraValidator(visibility);
    this.tables = tables;
    BoolExpSql boolExp = new BoolExpSql(tables);
    this.select = new SelectExecutor(tables, boolExp);
    this.insert = new InsertExecutor(tables, boolExp, select);
    this.update = new UpdateExecutor(boolExp, select);
    this.actions = Map.copyOf(actions);
    this.dataSource = dataSource;
  }

  JsonObject execute(Session session, GraphQlRequest request, RequestHeaders headers) {
    try {
      return run(session, request, headers);
    } catch (HasuraError e) {
      throw session.isAdmin() ? e : e.withoutInternal();
    }
  }

  private JsonObject run(Session session, GraphQlRequest request, RequestHeaders headers) {
    Document document;
    try {
      document = Parser.parse(request.query());
    } catch (InvalidSyntaxException e) {
      throw HasuraError.of("validation-failed", "not a valid graphql query", "$.query");
    }
    Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
    List<OperationDefinition> operations = new ArrayList<>();
    for (Definition<?> definition : document.getDefinitions()) {
      if (definition instanceof OperationDefinition operation) {
        operations.add(operation);
      } else if (definition instanceof FragmentDefinition fragment) {
        fragments.put(fragment.getName(), fragment);
      }
    }
    OperationDefinition operation = operation(operations, request.operationName());
    if (operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
      throw HasuraError.atRoot("validation-failed", "sandbox: subscriptions are not supported");
    }
    boolean mutation = operation.getOperation() == OperationDefinition.Operation.MUTATION;
    if (mutation && !visibility.hasMutations(session)) {
      throw HasuraError.atRoot("validation-failed", "no mutations exist");
    }
    OperationContext context =
        new OperationContext(fragments, variables(operation, request.variables()));
    GraphQLObjectType root = mutation ? schema.getMutationType() : schema.getQueryType();
    validator.validate(session, root, operation.getSelectionSet(), context);
    List<ValidationError> errors = ParseAndValidate.validate(schema, document, Locale.ENGLISH);
    if (!errors.isEmpty()) {
      throw HasuraError.atRoot("validation-failed", errors.get(0).getMessage());
    }
    JsonObject data =
        mutation
            ? mutate(session, root, operation, context, request.query(), headers)
            : query(session, operation, context);
    JsonObject response = new JsonObject();
    response.add("data", data);
    return response;
  }

  private JsonObject query(
      Session session, OperationDefinition operation, OperationContext context) {
    try (Connection connection = dataSource.getConnection()) {
      JsonObject data = new JsonObject();
      for (Field field : context.fields(operation.getSelectionSet())) {
        if (field.getName().equals("__typename")) {
          data.addProperty(field.getResultKey(), "query_root");
          continue;
        }
        Table table = tables.require(field.getName());
        data.add(
            field.getResultKey(),
            select.select(
                connection,
                session,
                table,
                context.arguments(field),
                Map.of(),
                context.fields(field.getSelectionSet()),
                context));
      }
      return data;
    } catch (SQLException e) {
      throw SqlErrors.toHasura(e, "$");
    }
  }

  private JsonObject mutate(
      Session session,
      GraphQLObjectType root,
      OperationDefinition operation,
      OperationContext context,
      String requestQuery,
      RequestHeaders headers) {
    JsonObject data = new JsonObject();
    try (Transaction transaction = new Transaction(dataSource)) {
      for (Field field : context.fields(operation.getSelectionSet())) {
        String name = field.getName();
        if (name.equals("__typename")) {
          data.addProperty(field.getResultKey(), "mutation_root");
        } else if (actions.containsKey(name)) {
          data.add(
              field.getResultKey(),
              action(
                  session, root.getFieldDefinition(name), field, context, requestQuery, headers));
        } else if (name.startsWith("update_")) {
          Table table = tables.require(name.substring("update_".length()));
          data.add(
              field.getResultKey(),
              update.update(transaction.connection(), session, table, field, context));
        } else if (name.endsWith("_one") && tables.table(insertedTable(name, "_one")).isPresent()) {
          Table table = tables.require(insertedTable(name, "_one"));
          data.add(
              field.getResultKey(),
              insert.insertOne(transaction.connection(), session, table, field, context));
        } else {
          Table table = tables.require(insertedTable(name, ""));
          data.add(
              field.getResultKey(),
              insert.insert(transaction.connection(), session, table, field, context));
        }
      }
      commit(transaction);
      return data;
    } catch (SQLException e) {
      throw SqlErrors.toHasura(e, "$");
    }
  }

  private static void commit(Transaction transaction) {
    try {
      transaction.commit();
    } catch (SQLException e) {
      throw SqlErrors.commitFailed(e);
    }
  }

  private JsonElement action(
      Session session,
      GraphQLFieldDefinition definition,
      Field field,
      OperationContext context,
      String requestQuery,
      RequestHeaders headers) {
    ActionDispatcher.Answer answer =
        actions.get(field.getName()).call(session, headers, requestQuery, context.arguments(field));
    JsonElement value = ActionAnswer.read(answer.status(), answer.body(), definition.getType());
    return ActionAnswer.shape(
        value, definition.getType(), context.fields(field.getSelectionSet()), context);
  }

  private static String insertedTable(String field, String suffix) {
    return field.substring("insert_".length(), field.length() - suffix.length());
  }

  private static OperationDefinition operation(
      List<OperationDefinition> operations, String operationName) {
    if (operationName != null) {
      return operations.stream()
          .filter(op -> operationName.equals(op.getName()))
          .findFirst()
          .orElseThrow(
              () ->
                  HasuraError.atRoot(
                      "validation-failed",
                      "no such operation found in the document: \"" + operationName + "\""));
    }
    if (operations.size() != 1) {
      throw HasuraError.atRoot(
          "validation-failed",
          "exactly one operation has to be present in the document when operationName is not specified");
    }
    return operations.get(0);
  }

  private Map<String, Object> variables(OperationDefinition operation, Map<String, Object> given) {
    Map<String, Object> variables = new LinkedHashMap<>();
    OperationContext literals = new OperationContext(Map.of(), Map.of());
    for (VariableDefinition definition : operation.getVariableDefinitions()) {
      String name = definition.getName();
      if (given.containsKey(name)) {
        variables.put(name, given.get(name));
      } else if (definition.getDefaultValue() != null) {
        variables.put(name, literals.value(definition.getDefaultValue()));
      }
      if (definition.getType() instanceof NonNullType && variables.get(name) == null) {
        throw HasuraError.atRoot(
            "validation-failed", "expecting a value for non-nullable variable: \"" + name + "\"");
      }
    }
    return variables;
  }
}
