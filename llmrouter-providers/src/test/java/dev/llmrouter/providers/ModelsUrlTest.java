package dev.llmrouter.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.Protocol;
import org.junit.jupiter.api.Test;

/** The models-list URL that the model lister and the server's channel ping both use. */
class ModelsUrlTest {
  @Test
  void anthropicAndOpenAiInsertV1UnlessTheBaseHasAVersion() {
    assertEquals("https://api.anthropic.com/v1/models", ModelLister.modelsUrl("https://api.anthropic.com/", Protocol.CLAUDE));
    assertEquals("https://x.test/v2/models", ModelLister.modelsUrl("https://x.test/v2", Protocol.OPENAI_CHAT));
    assertEquals("https://x.test/api/models", ModelLister.modelsUrl("https://x.test/api#", Protocol.RESPONSES));
  }

  @Test
  void geminiInsertsV1beta() {
    assertEquals("https://g.test/v1beta/models", ModelLister.modelsUrl("https://g.test", Protocol.GEMINI));
    assertEquals("https://g.test/v1beta/models", ModelLister.modelsUrl("https://g.test/v1beta", Protocol.GEMINI));
  }

  @Test
  void anUnknownProtocolIsTreatedLikeOpenAi() {
    assertEquals("https://x.test/v1/models", ModelLister.modelsUrl("https://x.test", null));
  }
}
