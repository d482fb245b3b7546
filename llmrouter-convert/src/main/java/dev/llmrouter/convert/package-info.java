/**
 * Protocol conversion through one common model ({@code dev.llmrouter.api.model}): pure code, no IO,
 * no clock. {@link dev.llmrouter.convert.Converters#standard()} is the entry point.
 *
 * <p>Each protocol has one codec (package {@code claude}, {@code chat}, {@code gemini},
 * {@code responses}) with a request codec, an answer codec, a stream decoder (upstream SSE to
 * {@link dev.llmrouter.api.model.StreamEvent}s) and a stream encoder (events to client frames). A
 * conversion is always "decode with the source codec, encode with the target codec", so every
 * client protocol works with every upstream protocol.
 *
 * <p>Decisions that hold across codecs:
 * <ul>
 *   <li>Usage: input excludes cache reads and writes (Anthropic), output includes reasoning
 *       (OpenAI); OpenAI and Gemini prompt counts include cached tokens, Gemini candidates exclude
 *       thoughts. Stream usage is cumulative and replaces earlier reports.
 *   <li>Stop reasons use Anthropic's words; OpenAI {@code content_filter} and Gemini
 *       {@code SAFETY}-like reasons are {@code refusal}; unknown reasons pass through unchanged. A
 *       stream that ends without its terminal event closes its blocks and stops with
 *       {@code max_tokens} when a block was cut off mid-way.
 *   <li>Ids: converted answers get fresh ids ({@code msg_}, {@code chatcmpl-}, {@code resp_},
 *       {@code rs_}, {@code fc_}, Gemini {@code responseId}) from
 *       {@link dev.llmrouter.api.convert.ConvertContext#ids()}; tool-call ids are kept, and made
 *       ({@code call_}) only where Gemini has none.
 *   <li>Gemini schemas: cleaned structurally (see {@code GeminiSchema}); other protocols get the
 *       client's schema untouched.
 *   <li>What a target cannot carry is left out, never faked: Chat requests carry no thinking,
 *       {@code top_k} or tool-error flag, and a {@code reasoning_effort} only when the client named
 *       an effort (a thinking budget is not turned into one, since many Chat upstreams refuse it); Responses requests carry no thinking, {@code top_k} or stop
 *       sequences; Anthropic requests drop thinking without a signature and Gemini signatures on
 *       tool calls; converted answers carry {@code created: 0} / {@code created_at: 0}.
 *   <li>Client input that cannot be expressed (server tools, hosted-file references, unknown
 *       content kinds, tool results without their call) is a
 *       {@link dev.llmrouter.api.error.ClientRequestException} (400) naming the JSON path.
 * </ul>
 *
 * <p>{@code dev.llmrouter.convert.internal} is not API. Stream validators per client protocol,
 * used by the tests here and by the server's end-to-end tests, ship in this module's test-jar.
 */
package dev.llmrouter.convert;
