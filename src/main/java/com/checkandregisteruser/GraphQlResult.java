package com.checkandregisteruser;

import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * What Hasura answered to one operation: its {@code data}, or its first error. A caller that can
 * act on an error (a constraint violation) looks at {@link #error()}; any other caller takes {@link
 * #data()}, which turns the error into the failure it is.
 */
public final class GraphQlResult {
  private final JsonObject data;
  private final GraphQlError error;

  private GraphQlResult(JsonObject data, GraphQlError error) {
    this.data = data;
    this.error = error;
  }

  static GraphQlResult ofData(JsonObject data) {
    return new GraphQlResult(data, null);
  }

  static GraphQlResult ofError(GraphQlError error) {
    return new GraphQlResult(null, error);
  }

  /** Returns Hasura's error, or empty when it answered with data. */
  public Optional<GraphQlError> error() {
    return Optional.ofNullable(error);
  }

  /**
   * Returns the {@code data} object.
   *
   * @throws FailureException the error's {@link GraphQlError#failure() failure} if Hasura answered
   *     with one
   */
  public JsonObject data() throws FailureException {
    if (error != null) {
      throw error.failure().toException();
    }
    return data;
  }
}
