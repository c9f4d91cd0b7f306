package com.checkandregisteruser;

import java.util.Map;
import java.util.Optional;

/**
 * What answers the action's calls in this process: {@link ActionHandler} when the settings are
 * valid, {@link MisconfiguredEndpoint} when they are not.
 */
public interface Endpoint {
  /** Handles one call; never throws, every failure becomes an answer. */
  ActionResponse handle(Map<String, String> headers, Optional<String> body);
}
