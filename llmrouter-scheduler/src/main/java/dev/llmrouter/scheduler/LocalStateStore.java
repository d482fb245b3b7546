package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import java.util.function.Consumer;

/** {@link StateStore#local()}: shares nothing. Stateless. */
final class LocalStateStore implements StateStore {
  static final LocalStateStore INSTANCE = new LocalStateStore();

  private LocalStateStore() {}

  @Override
  public boolean isShared() {
    return false;
  }

  @Override
  public String boundChannel(ApiKind kind, String trace) {
    return null;
  }

  @Override
  public void publish(StateEvent event) {
    // Nothing is shared.
  }

  @Override
  public void subscribe(Consumer<StateEvent> sink) {
    // Nothing comes from elsewhere.
  }

  @Override
  public Status status() {
    return Status.LOCAL;
  }

  @Override
  public void close() {
    // Nothing to release.
  }
}
