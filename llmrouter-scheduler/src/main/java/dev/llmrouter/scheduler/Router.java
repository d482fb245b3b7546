package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.OutcomeListener;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes client requests to upstream channels: picks a channel, key and base URL, calls the
 * channel's {@link Provider}, and hands back the answer in the client's protocol. Every attempt is
 * reported to the outcome listener.
 *
 * <p>This class is thread-safe. The channel list can be replaced at any time with
 * {@link #setSnapshot}; a request keeps the snapshot it started with.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final Map<String, Provider> providers;
  private final AtomicReference<ChannelSnapshot> snapshot;
  private final RouterSettings settings;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final OutcomeListener listener;

  private Router(Builder b) {
    this.providers = Map.copyOf(b.providers);
    this.snapshot = new AtomicReference<>(b.snapshot);
    this.settings = b.settings;
    this.clock = b.clock;
    this.nanoTime = b.nanoTime;
    this.listener = b.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The channels in use now. */
  public ChannelSnapshot snapshot() {
    return snapshot.get();
  }

  /** Replaces the channels; requests in flight finish on the snapshot they started with. */
  public void setSnapshot(ChannelSnapshot next) {
    snapshot.set(Objects.requireNonNull(next, "next"));
  }

  public RouterSettings settings() {
    return settings;
  }

  /**
   * Routes one request. Blocks until the upstream's answer starts (for a stream: until its first
   * event, so that a stream failing before its first byte can still fail over).
   *
   * @param cancel fires when the client goes away
   * @return the answer, which the caller must close; never null
   */
  public RoutedResponse route(ClientRequest request, CancelSignal cancel) {
    ChannelSnapshot snap = snapshot.get();
    ApiKind kind = request.kind();
    Protocol protocol = kind.protocol();
    Channel channel = null;
    for (Channel c : snap.channels(kind)) {
      if (c.isActive() && !c.apiKeys().isEmpty() && !c.allBaseUrls().isEmpty() && providers.containsKey(c.serviceType())) {
        channel = c;
        break;
      }
    }
    if (channel == null) {
      return error(protocol, 503, ErrorType.OVERLOADED,
          snap.channels(kind).isEmpty()
              ? "no " + kind.pathName() + " channel is configured"
              : "no active " + kind.pathName() + " channel with keys is available",
          null, 0);
    }
    String baseUrl = channel.allBaseUrls().get(0);
    String key = channel.apiKeys().get(0);
    Provider provider = providers.get(channel.serviceType());
    String model = channel.mapModel(request.model());
    UpstreamCall call = new UpstreamCall(request, channel, baseUrl, key, model, cancel, settings.timeouts());
    Instant at = clock.instant();
    long start = nanoTime.getAsLong();
    UpstreamExchange exchange;
    try {
      exchange = provider.open(call);
    } catch (ClientRequestException e) {
      return error(protocol, e.status(), e.type(), e.getMessage(), null, 0);
    } catch (IOException e) {
      if (cancel.isCancelled()) {
        report(call, at, start, 0, AttemptOutcome.Result.CANCELLED, -1, Usage.NONE, "client went away");
        return error(protocol, 503, ErrorType.OVERLOADED, "client went away", channel, 1);
      }
      boolean timeout = e instanceof InterruptedIOException;
      String reason = describe(e);
      log.warn("[Router-Failover] channel={} key={} error={}", channel.id(), Keys.mask(key), reason);
      report(call, at, start, 0, AttemptOutcome.Result.FAILURE, -1, Usage.NONE, reason);
      return error(protocol, timeout ? 504 : 502, timeout ? ErrorType.TIMEOUT : ErrorType.UPSTREAM,
          "upstream " + channel.displayName() + " " + (timeout ? "timed out" : "could not be reached") + ": " + reason,
          channel, 1);
    }
    if (!exchange.isSuccessful()) {
      try (exchange) {
        int status = exchange.status();
        AttemptOutcome.Result result = status >= 500 || status == 429 || status == 401 || status == 403
            ? AttemptOutcome.Result.FAILURE : AttemptOutcome.Result.CLIENT_ERROR;
        report(call, at, start, status, result, exchange.headersNanos(), Usage.NONE, "status " + status);
        return RoutedResponse.local(status, exchange.headers(), exchange.contentType(), exchange.clientErrorBody(),
            channel, 1);
      }
    }
    if (!exchange.isStream()) {
      try (exchange) {
        byte[] body = exchange.body();
        report(call, at, start, exchange.status(), AttemptOutcome.Result.SUCCESS, exchange.headersNanos(),
            exchange.usage(), null);
        return RoutedResponse.buffered(exchange, body, channel, 1);
      } catch (IOException e) {
        boolean gone = cancel.isCancelled();
        report(call, at, start, exchange.status(), gone ? AttemptOutcome.Result.CANCELLED : AttemptOutcome.Result.FAILURE,
            exchange.headersNanos(), Usage.NONE, describe(e));
        return error(protocol, 502, ErrorType.UPSTREAM, "upstream answer could not be read: " + describe(e), channel, 1);
      }
    }
    StreamFrame first;
    try {
      first = exchange.nextFrame();
    } catch (IOException e) {
      exchange.close();
      boolean gone = cancel.isCancelled();
      report(call, at, start, exchange.status(), gone ? AttemptOutcome.Result.CANCELLED : AttemptOutcome.Result.FAILURE,
          exchange.headersNanos(), Usage.NONE, describe(e));
      return error(protocol, 502, ErrorType.UPSTREAM, "upstream stream failed before its first event: " + describe(e),
          channel, 1);
    }
    long firstByte = nanoTime.getAsLong() - start;
    if (first == null) {
      exchange.close();
      report(call, at, start, exchange.status(), AttemptOutcome.Result.FAILURE, firstByte, Usage.NONE, "empty stream");
      return error(protocol, 502, ErrorType.UPSTREAM, "upstream sent an empty stream", channel, 1);
    }
    return RoutedResponse.stream(exchange, first, (ex, completed, gone) -> {
      AttemptOutcome.Result result = gone ? AttemptOutcome.Result.CANCELLED
          : ex.failure() != null || !completed ? AttemptOutcome.Result.FAILURE : AttemptOutcome.Result.SUCCESS;
      report(call, at, start, ex.status(), result, firstByte, ex.usage(), ex.failure());
    }, channel, 1);
  }

  private RoutedResponse error(Protocol protocol, int status, ErrorType type, String message, Channel channel,
      int attempts) {
    return RoutedResponse.local(status, HttpHeaders.empty(), "application/json",
        ClientErrors.body(protocol, status, type, message), channel, attempts);
  }

  private void report(UpstreamCall call, Instant at, long start, int status, AttemptOutcome.Result result,
      long firstByteNanos, Usage usage, String detail) {
    AttemptOutcome outcome = new AttemptOutcome(call.request().kind(), call.channel().id(), call.channel().displayName(),
        call.baseUrl(), Keys.fingerprint(call.apiKey()), Keys.mask(call.apiKey()), call.request().model(), status,
        result, firstByteNanos, nanoTime.getAsLong() - start, usage, call.request().stream(), at, detail);
    try {
      listener.onOutcome(outcome);
    } catch (RuntimeException e) {
      log.warn("[Router-Listener] outcome listener failed: {}", e.toString());
    }
  }

  static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) return "read timeout";
    if (e instanceof InterruptedIOException) return "timeout";
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** Builds a {@link Router}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private ChannelSnapshot snapshot = ChannelSnapshot.empty();
    private RouterSettings settings = RouterSettings.DEFAULT;
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private OutcomeListener listener = OutcomeListener.NONE;

    private Builder() {}

    /** Adds providers keyed by their {@code serviceType}; a later one replaces an earlier one. */
    public Builder providers(Map<String, Provider> providers) {
      this.providers.putAll(providers);
      return this;
    }

    public Builder provider(Provider provider) {
      this.providers.put(provider.serviceType(), provider);
      return this;
    }

    public Builder snapshot(ChannelSnapshot snapshot) {
      this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
      return this;
    }

    public Builder settings(RouterSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    public Builder outcomeListener(OutcomeListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Router build() {
      return new Router(this);
    }
  }
}
