package com.checkandregisteruser.sandbox;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fragments and (defaulted) variables of the operation being run: turns selection sets into the
 * fields they select and argument literals into plain values (Map, List, String, BigDecimal,
 * Boolean).
 */
record OperationContext(Map<String, FragmentDefinition> fragments, Map<String, Object> variables) {

  /** Returns the selected fields in order, fragments inlined, @skip/@include applied. */
  List<Field> fields(SelectionSet selectionSet) {
    List<Field> fields = new ArrayList<>();
    if (selectionSet != null) {
      collect(selectionSet, fields);
    }
    return fields;
  }

  Map<String, Object> arguments(Field field) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    for (Argument argument : field.getArguments()) {
      arguments.put(argument.getName(), value(argument.getValue()));
    }
    return arguments;
  }

  Object value(Value<?> value) {
    if (value == null || value instanceof NullValue) {
      return null;
    }
    if (value instanceof VariableReference reference) {
      return variables.get(reference.getName());
    }
    if (value instanceof StringValue string) {
      return string.getValue();
    }
    if (value instanceof IntValue integer) {
      return new BigDecimal(integer.getValue());
    }
    if (value instanceof FloatValue decimal) {
      return decimal.getValue();
    }
    if (value instanceof BooleanValue bool) {
      return bool.isValue();
    }
    if (value instanceof EnumValue enumValue) {
      return enumValue.getName();
    }
    if (value instanceof ArrayValue array) {
      List<Object> list = new ArrayList<>();
      array.getValues().forEach(item -> list.add(value(item)));
      return list;
    }
    if (value instanceof ObjectValue object) {
      Map<String, Object> map = new LinkedHashMap<>();
      object.getObjectFields().forEach(f -> map.put(f.getName(), value(f.getValue())));
      return map;
    }
    throw new IllegalArgumentException("unsupported GraphQL value " + value);
  }

  private void collect(SelectionSet selectionSet, List<Field> into) {
    for (Selection<?> selection : selectionSet.getSelections()) {
      if (selection instanceof Field field) {
        if (included(field.getDirectives())) {
          into.add(field);
        }
      } else if (selection instanceof InlineFragment inline) {
        if (included(inline.getDirectives())) {
          collect(inline.getSelectionSet(), into);
        }
      } else if (selection instanceof FragmentSpread spread) {
        FragmentDefinition fragment = fragments.get(spread.getName());
        // An unknown fragment is reported by graphql-java's validation.
        if (fragment != null && included(spread.getDirectives())) {
          collect(fragment.getSelectionSet(), into);
        }
      }
    }
  }

  private boolean included(List<Directive> directives) {
    for (Directive directive : directives) {
      Argument condition = directive.getArgument("if");
      Object value = condition == null ? null : value(condition.getValue());
      if (directive.getName().equals("skip") && Boolean.TRUE.equals(value)) {
        return false;
      }
      if (directive.getName().equals("include") && Boolean.FALSE.equals(value)) {
        return false;
      }
    }
    return true;
  }
}
