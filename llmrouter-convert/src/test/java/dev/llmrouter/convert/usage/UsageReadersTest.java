package dev.llmrouter.convert.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageReadersTest {
  private static JsonObject json(String s) {
    return Json.parse(s).asObject();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void claudeReadsEveryCountAsIs() {
    assertEquals(new Usage(8, 25, 100, 7, 0, false), UsageReaders.claude(json("{\"input_tokens\":8,\"output_tokens\":25,"
        + "\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":7,\"service_tier\":\"standard\"}")));
  }

  @Test
  void claudeMissingNullAndNegativeCountsAreZero() {
    assertEquals(Usage.of(0, 4), UsageReaders.claude(json("{\"output_tokens\":4,\"input_tokens\":null,"
        + "\"cache_read_input_tokens\":-3,\"cache_creation_input_tokens\":\"9\"}")));
    assertEquals(Usage.NONE, UsageReaders.claude(json("{}")));
    assertNull(UsageReaders.claude((JsonObject) null));
  }

  @Test
  void claudeCumulativeReportReplacesOnlyTheCountsItCarries() {
    Usage start = UsageReaders.claude(json("{\"input_tokens\":8,\"cache_read_input_tokens\":100,"
        + "\"cache_creation_input_tokens\":5,\"output_tokens\":1}"));
    assertEquals(new Usage(8, 25, 100, 5, 0, false), UsageReaders.claude(start, json("{\"output_tokens\":25}")));
    // A count sent as null keeps the earlier value, like a count left out.
    assertEquals(new Usage(8, 30, 100, 5, 0, false),
        UsageReaders.claude(start, json("{\"output_tokens\":30,\"cache_read_input_tokens\":null}")));
    assertEquals(new Usage(9, 30, 0, 5, 0, false),
        UsageReaders.claude(start, json("{\"input_tokens\":9,\"output_tokens\":30,\"cache_read_input_tokens\":0}")));
    assertSame(start, UsageReaders.claude(start, null));
    assertEquals(Usage.of(0, 3), UsageReaders.claude(null, json("{\"output_tokens\":3}")));
    assertEquals(Usage.NONE, UsageReaders.claude(null, null));
  }

  @Test
  void chatSubtractsCachedTokensAndReadsReasoning() {
    assertEquals(new Usage(6, 3, 4, 0, 2, false), UsageReaders.chat(json("{\"prompt_tokens\":10,\"completion_tokens\":3,"
        + "\"total_tokens\":13,\"prompt_tokens_details\":{\"cached_tokens\":4,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":2,\"audio_tokens\":0}}")));
  }

  @Test
  void chatMissingDetailsAndNullsAreZero() {
    assertEquals(Usage.of(10, 3), UsageReaders.chat(json("{\"prompt_tokens\":10,\"completion_tokens\":3}")));
    assertEquals(Usage.of(10, 3), UsageReaders.chat(json("{\"prompt_tokens\":10,\"completion_tokens\":3,"
        + "\"prompt_tokens_details\":null,\"completion_tokens_details\":{\"reasoning_tokens\":null}}")));
    assertEquals(Usage.NONE, UsageReaders.chat(json("{\"prompt_tokens\":-1,\"completion_tokens\":-2}")));
    assertNull(UsageReaders.chat(null));
  }

  @Test
  void chatCachedCountAbovePromptLeavesNoUncachedInput() {
    assertEquals(new Usage(0, 1, 12, 0, 0, false),
        UsageReaders.chat(json("{\"prompt_tokens\":10,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":12}}")));
  }

  @Test
  void responsesSubtractsCachedTokensAndReadsReasoning() {
    assertEquals(new Usage(6, 5, 3, 0, 4, false), UsageReaders.responses(json("{\"input_tokens\":9,"
        + "\"input_tokens_details\":{\"cached_tokens\":3},\"output_tokens\":5,"
        + "\"output_tokens_details\":{\"reasoning_tokens\":4},\"total_tokens\":14}")));
  }

  @Test
  void responsesMissingDetailsAndNullsAreZero() {
    assertEquals(Usage.of(9, 5), UsageReaders.responses(json("{\"input_tokens\":9,\"output_tokens\":5}")));
    assertEquals(Usage.of(0, 5), UsageReaders.responses(json("{\"input_tokens\":null,\"output_tokens\":5,"
        + "\"input_tokens_details\":{},\"output_tokens_details\":null}")));
    assertNull(UsageReaders.responses(null));
  }

  @Test
  void geminiSubtractsCachedTokensAndCountsThoughtsAsOutput() {
    assertEquals(new Usage(10, 8, 2, 0, 1, false), UsageReaders.gemini(json("{\"promptTokenCount\":12,"
        + "\"candidatesTokenCount\":7,\"cachedContentTokenCount\":2,\"thoughtsTokenCount\":1,\"totalTokenCount\":22,"
        + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":12}]}")));
  }

  @Test
  void geminiMissingAndNullCountsAreZero() {
    assertEquals(Usage.of(5, 0), UsageReaders.gemini(json("{\"promptTokenCount\":5,\"totalTokenCount\":5}")));
    assertEquals(new Usage(0, 4, 0, 0, 4, false),
        UsageReaders.gemini(json("{\"promptTokenCount\":null,\"thoughtsTokenCount\":4}")));
    assertNull(UsageReaders.gemini(null));
  }

  @Test
  void answerTakesTheUsageMemberOfEachProtocol() {
    assertEquals(Usage.of(3, 2), UsageReaders.answer(Protocol.CLAUDE,
        json("{\"type\":\"message\",\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}")));
    assertEquals(Usage.of(3, 2), UsageReaders.answer(Protocol.OPENAI_CHAT,
        json("{\"object\":\"chat.completion\",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}")));
    assertEquals(Usage.of(3, 2), UsageReaders.answer(Protocol.RESPONSES,
        json("{\"object\":\"response\",\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}")));
    assertEquals(Usage.of(3, 2), UsageReaders.answer(Protocol.GEMINI,
        json("{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2}}")));
    assertNull(UsageReaders.answer(Protocol.GEMINI, json("{\"usage\":{\"input_tokens\":3}}")));
    assertNull(UsageReaders.answer(Protocol.CLAUDE, json("{\"usage\":null}")));
  }

  @Test
  void readGivesNoneForAnswersWithoutUsageOrThatAreNotJsonObjects() {
    assertEquals(new Usage(6, 3, 4, 0, 0, false), UsageReaders.read(Protocol.OPENAI_CHAT,
        bytes("{\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":4}}}")));
    assertEquals(Usage.NONE, UsageReaders.read(Protocol.CLAUDE, bytes("{\"type\":\"message\"}")));
    assertEquals(Usage.NONE, UsageReaders.read(Protocol.CLAUDE, bytes("[1,2]")));
    assertEquals(Usage.NONE, UsageReaders.read(Protocol.RESPONSES, bytes("{\"usage\":")));
    assertEquals(Usage.NONE, UsageReaders.read(Protocol.GEMINI, new byte[0]));
  }
}
