package com.checkandregisteruser.sandbox;

import graphql.language.Argument;
import graphql.language.Field;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.List;
import java.util.Map;

/**
 * Reports unknown fields, and fields the role may not see, the way Hasura's parser does: code
 * validation-failed, message {@code field 'x' not found in type: 'T'}, and a path made of
 * "selectionSet", field names, "args", argument names, input keys and list indexes
 * (Hasura.GraphQL.Parser: selectionSetObject, object; Hasura.GraphQL.Execute.Insert). Everything
 * else a GraphQL validator catches is left to graphql-java.
 */
final class HasuraValidator {

  private final FieldVisibility visibility;

  HasuraValidator(FieldVisibility visibility) {
    this.visibility = visibility;
  }

  void validate(
      Session session,
      GraphQLObjectType root,
      SelectionSet selectionSet,
      OperationContext context) {
    selections(session, root, selectionSet, "$.selectionSet", context);
  }

  private void selections(
      Session session,
      GraphQLObjectType type,
      SelectionSet selectionSet,
      String path,
      OperationContext context) {
    for (Field field : context.fields(selectionSet)) {
      String name = field.getName();
      if (name.equals("__typename")) {
        continue;
      }
      String fieldPath = path + "." + name;
      GraphQLFieldDefinition definition = type.getFieldDefinition(name);
      if (definition == null || !visibility.isVisible(session, type.getName(), name)) {
        throw notFound(fieldPath, name, type.getName());
      }
      for (Argument argument : field.getArguments()) {
        GraphQLArgument argumentDefinition = definition.getArgument(argument.getName());
        if (argumentDefinition != null) {
          input(
              session,
              argumentDefinition.getType(),
              context.value(argument.getValue()),
              fieldPath + ".args." + argument.getName());
        }
      }
      GraphQLType result = GraphQLTypeUtil.unwrapAll(definition.getType());
      if (result instanceof GraphQLObjectType object && field.getSelectionSet() != null) {
        selections(session, object, field.getSelectionSet(), fieldPath + ".selectionSet", context);
      }
    }
  }

  private void input(Session session, GraphQLInputType type, Object value, String path) {
    GraphQLType unwrapped =
        type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
    if (value == null) {
      return;
    }
    if (unwrapped instanceof GraphQLList list) {
      GraphQLInputType element = (GraphQLInputType) list.getWrappedType();
      if (value instanceof List<?> values) {
        for (int i = 0; i < values.size(); i++) {
          input(session, element, values.get(i), path + "[" + i + "]");
        }
      } else {
        // GraphQL input coercion: a single value where a list is expected.
        input(session, element, value, path);
      }
      return;
    }
    if (unwrapped instanceof GraphQLInputObjectType object && value instanceof Map<?, ?> fields) {
      for (Map.Entry<?, ?> entry : fields.entrySet()) {
        String key = String.valueOf(entry.getKey());
        GraphQLInputObjectField field = object.getField(key);
        if (field == null || !visibility.isInputVisible(session, object.getName(), key)) {
          throw notFound(path + "." + key, key, object.getName());
        }
        input(session, field.getType(), entry.getValue(), path + "." + key);
      }
    }
  }

  private static HasuraError notFound(String path, String field, String type) {
    return HasuraError.of(
        "validation-failed", "field '" + field + "' not found in type: '" + type + "'", path);
  }
}
