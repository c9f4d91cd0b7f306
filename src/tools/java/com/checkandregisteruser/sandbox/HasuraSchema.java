package com.checkandregisteruser.sandbox;

import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectTypeExtensionDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The admin GraphQL schema: the hand-written Hasura-shaped SDL (sandbox/hasura-schema.graphqls)
 * with the actions of hasura/metadata/actions.graphql merged into mutation_root, as Hasura merges
 * them.
 */
final class HasuraSchema {

  private static final String RESOURCE = "/sandbox/hasura-schema.graphqls";

  private HasuraSchema() {}

  static GraphQLSchema build(String actionsSdl) {
    TypeDefinitionRegistry registry = new SchemaParser().parse(readResource());
    TypeDefinitionRegistry actions = new SchemaParser().parse(actionsSdl);
    for (String name : actions.types().keySet()) {
      if (name.equals("Query")) {
        throw new IllegalArgumentException("query actions are not supported by the sandbox");
      }
      if (!name.equals("Mutation")) {
        TypeDefinition<?> type = actions.types().get(name);
        registry
            .add(type)
            .ifPresent(
                error -> {
                  throw new IllegalArgumentException("actions.graphql: " + error.getMessage());
                });
      }
    }
    actions
        .scalars()
        .forEach(
            (name, scalar) -> {
              if (!registry.scalars().containsKey(name)) {
                registry.add(scalar);
              }
            });
    List<FieldDefinition> actionFields =
        actions
            .getType("Mutation", ObjectTypeDefinition.class)
            .map(ObjectTypeDefinition::getFieldDefinitions)
            .orElse(List.of());
    if (!actionFields.isEmpty()) {
      registry.add(
          ObjectTypeExtensionDefinition.newObjectTypeExtensionDefinition()
              .name("mutation_root")
              .fieldDefinitions(actionFields)
              .build());
    }
    return UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
  }

  private static String readResource() {
    try (InputStream in = HasuraSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
