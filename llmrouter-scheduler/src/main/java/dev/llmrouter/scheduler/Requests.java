package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.ClientRequest;
import java.nio.charset.StandardCharsets;

/**
 * Builds {@link ClientRequest}s from raw JSON for applications that call a {@link Router} in
 * process, without HTTP. Each factory scans the routing fields once and keeps the bytes as they are.
 */
public final class Requests {
  private Requests() {}

  /**
   * An Anthropic Messages request ({@code POST /v1/messages}).
   *
   * @param json the request body; kept as it is, the caller must not modify it
   * @param headers the client's headers
   * @return the request, ready for {@link Router#route}
   * @throws dev.llmrouter.api.json.MalformedJsonException when the body is not a JSON object
   */
  public static ClientRequest messages(byte[] json, HttpHeaders headers) {
    RoutingFields f = RoutingFields.scan(json);
    return new ClientRequest(ApiKind.MESSAGES, "messages", "/v1/messages", null, headers, json, f, f.model(), f.isStream());
  }

  /**
   * An Anthropic Messages request with no extra headers.
   *
   * @param json the request body
   * @return the request, ready for {@link Router#route}
   * @throws dev.llmrouter.api.json.MalformedJsonException when the body is not a JSON object
   */
  public static ClientRequest messages(String json) {
    return messages(json.getBytes(StandardCharsets.UTF_8), HttpHeaders.empty());
  }

  /**
   * An OpenAI Responses request ({@code POST /v1/responses}).
   *
   * @param json the request body; kept as it is, the caller must not modify it
   * @param headers the client's headers
   * @return the request, ready for {@link Router#route}
   * @throws dev.llmrouter.api.json.MalformedJsonException when the body is not a JSON object
   */
  public static ClientRequest responses(byte[] json, HttpHeaders headers) {
    RoutingFields f = RoutingFields.scan(json);
    return new ClientRequest(ApiKind.RESPONSES, "responses", "/v1/responses", null, headers, json, f, f.model(),
        f.isStream());
  }

  /**
   * An OpenAI Responses request with no extra headers.
   *
   * @param json the request body
   * @return the request, ready for {@link Router#route}
   * @throws dev.llmrouter.api.json.MalformedJsonException when the body is not a JSON object
   */
  public static ClientRequest responses(String json) {
    return responses(json.getBytes(StandardCharsets.UTF_8), HttpHeaders.empty());
  }

  /**
   * A Gemini request: {@code generateContent}, or {@code streamGenerateContent} (server-sent events)
   * when {@code stream} is true. The model is the one Gemini names in the URL.
   *
   * @param model the model named in the URL
   * @param stream true for {@code streamGenerateContent}
   * @param json the request body; kept as it is, the caller must not modify it
   * @param headers the client's headers
   * @return the request, ready for {@link Router#route}
   * @throws dev.llmrouter.api.json.MalformedJsonException when the body is not a JSON object
   */
  public static ClientRequest gemini(String model, boolean stream, byte[] json, HttpHeaders headers) {
    RoutingFields f = RoutingFields.scan(json);
    String action = stream ? "streamGenerateContent" : "generateContent";
    return new ClientRequest(ApiKind.GEMINI, action, "/v1beta/models/" + model + ":" + action, stream ? "alt=sse" : null,
        headers, json, f, model, stream);
  }
}
