package com.checkandregisteruser;

import com.google.gson.JsonObject;

/**
 * The one place that turns what an invocation came to into the answer Hasura reads and the fields
 * of the invocation's log line: {@code {"affected_rows": N}} on success, {@code {"message",
 * "extensions": {"code"}}} for every {@link Failure}.
 */
final class AnswerRenderer {
  /**
   * Answers with {@code registration}; its note, masked as a failure's detail is, goes to the log.
   */
  ActionResponse registered(Registration registration, ActionCall call, ActionRequest request) {
    JsonObject answer = new JsonObject();
    answer.addProperty("affected_rows", registration.affectedRows());
    String note = registration.note();
    return new ActionResponse(
        200,
        JsonText.of(answer),
        registration.outcome().label(),
        request.username(),
        note == null ? null : call.redactor(request).scrub(note));
  }

  /**
   * Answers with {@code failure}, masking the call's secrets (and the request's tokens, when it was
   * read) in both the message and the log detail.
   *
   * @param request the request, when the payload was read before the failure; otherwise null
   */
  ActionResponse failed(Failure failure, ActionCall call, ActionRequest request) {
    Failure safe = failure.redacted(call.redactor(request));
    JsonObject extensions = new JsonObject();
    extensions.addProperty("code", safe.kind().code());
    JsonObject body = new JsonObject();
    body.addProperty("message", safe.message());
    body.add("extensions", extensions);
    return new ActionResponse(
        safe.kind().status(),
        JsonText.of(body),
        safe.kind().code(),
        request == null ? null : request.username(),
        safe.detail());
  }
}
