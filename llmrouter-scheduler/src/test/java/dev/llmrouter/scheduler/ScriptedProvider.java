package dev.llmrouter.scheduler;

import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A provider whose answers the test scripts per key (a key without a script answers 200). Records
 * every call as "channelId|baseUrl|key".
 */
final class ScriptedProvider implements Provider {
  /** One scripted answer: an exchange, or an exception thrown by open. */
  interface Answer {
    UpstreamExchange open(UpstreamCall call) throws IOException;
  }

  private final String serviceType;
  private final Map<String, Answer> byKey = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<FakeExchange> opened = new CopyOnWriteArrayList<>();
  Predicate<ClientRequest> supports = r -> true;

  ScriptedProvider(String serviceType) {
    this.serviceType = serviceType;
  }

  ScriptedProvider answer(String key, Answer answer) {
    byKey.put(key, answer);
    return this;
  }

  @Override
  public String serviceType() {
    return serviceType;
  }

  @Override
  public boolean supports(ClientRequest request) {
    return supports.test(request);
  }

  @Override
  public UpstreamExchange open(UpstreamCall call) throws IOException {
    calls.add(call.channel().id() + "|" + call.baseUrl() + "|" + call.apiKey());
    Answer a = byKey.get(call.apiKey());
    UpstreamExchange ex = a == null ? FakeExchange.ok("{\"ok\":true}") : a.open(call);
    if (ex instanceof FakeExchange f) opened.add(f);
    return ex;
  }

  /** Channel ids of the calls, in order. */
  List<String> channels() {
    return calls.stream().map(c -> c.substring(0, c.indexOf('|'))).toList();
  }

  /** Keys of the calls, in order. */
  List<String> keys() {
    return calls.stream().map(c -> c.substring(c.lastIndexOf('|') + 1)).toList();
  }
}
