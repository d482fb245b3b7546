package dev.llmrouter.scheduler;

import dev.llmrouter.api.Channel;
import dev.llmrouter.api.provider.ClientRequest;
import java.util.List;
import java.util.Objects;

/**
 * A custom order of channels, plugged into a {@link Router} with
 * {@link Router.Builder#selectionRule}. It replaces the router's own priority-and-weight step:
 * a Responses turn pinned to the channel that holds its conversation, a promoted channel, and a
 * request whose trace is bound to a healthy channel still go there first (explicit choices of the
 * client or the operator, or state only that channel has); a pin also limits the candidates to the
 * pinned channel's service type. Among the rest, the
 * router takes the first healthy channel of the rule's order; when none of them is healthy, it tries
 * the first one the rule named anyway.
 *
 * <p>The rule is asked again before each channel a request tries, with the channels already tried
 * left out, so failover follows the rule's order. A channel the rule leaves out of its answer is not
 * tried for this request; an empty answer ends the request with the router's "no channel" error.
 *
 * <p>Implementations must be thread-safe (requests call it concurrently, on their own threads), fast
 * (no IO) and must not throw: a rule that throws is logged and the router's own order is used for
 * that pick.
 */
@FunctionalInterface
public interface SelectionRule {
  /**
   * Orders the channels that may take this request, most preferred first.
   *
   * @param request the client's request (its kind, model, headers and routing fields)
   * @param candidates the channels not yet tried that are active, have keys and a provider that
   *     supports the request, in priority order; never empty
   * @return a subset of {@code candidates}, in the order to try them; channels not among the
   *     candidates are ignored
   */
  List<Candidate> order(ClientRequest request, List<Candidate> candidates);

  /**
   * A channel the rule may pick, with what the router knows of its health.
   *
   * @param channel the channel, as configured
   * @param healthy true when at least one of its base URL and key pairs may take traffic now (a
   *     breaker not open, the key not cooling down)
   * @param failureRate the failure share of its most recent results, 0 to 1 (0 with no results)
   */
  record Candidate(Channel channel, boolean healthy, double failureRate) {
    /**
     * @param channel the channel
     * @param healthy whether it may take traffic now
     * @param failureRate its recent failure share
     * @throws NullPointerException when {@code channel} is null
     */
    public Candidate {
      Objects.requireNonNull(channel, "channel");
    }
  }
}
