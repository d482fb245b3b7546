package dev.llmrouter.server;

import java.util.List;

/** The channel file most admin tests start from; {@code {up0}} is the first upstream's URL. */
final class AdminFixtures {
  private AdminFixtures() {}

  static final String MAIN_KEY_1 = "sk-ant-api03-mainkey-aaaa1111";
  static final String MAIN_KEY_2 = "sk-ant-api03-mainkey-bbbb2222";
  static final String BACKUP_KEY = "sk-backup-cccc3333dddd";
  static final String RESPONSES_KEY = "sk-proj-responses-eeee4444";
  static final String GEMINI_KEY = "AIzaSyGeminiKey-ffff5555";
  static final List<String> KEYS = List.of(MAIN_KEY_1, MAIN_KEY_2, BACKUP_KEY, RESPONSES_KEY, GEMINI_KEY);

  static final String CONFIG = """
      {
        "upstream": [
          {"id": "ch-main", "name": "main", "serviceType": "claude", "baseUrl": "{up0}",
           "apiKeys": ["sk-ant-api03-mainkey-aaaa1111", "sk-ant-api03-mainkey-bbbb2222"], "status": "active", "priority": 1},
          {"id": "ch-backup", "name": "backup", "serviceType": "openai", "baseUrl": "https://relay.example.com",
           "baseUrls": ["https://relay.example.com", "https://relay2.example.com"], "apiKeys": ["sk-backup-cccc3333dddd"],
           "status": "active", "priority": 2, "modelMapping": {"opus": "gpt-5"}, "description": "second"}
        ],
        "loadBalance": "failover",
        "responsesUpstream": [
          {"id": "ch-resp", "name": "resp", "serviceType": "responses", "baseUrl": "https://api.openai.com",
           "apiKeys": ["sk-proj-responses-eeee4444"], "status": "active"}
        ],
        "geminiUpstream": [
          {"id": "ch-gem", "name": "gem", "serviceType": "gemini", "baseUrl": "https://generativelanguage.googleapis.com",
           "apiKeys": ["AIzaSyGeminiKey-ffff5555"], "status": "active"}
        ],
        "fuzzyModeEnabled": false
      }
      """;
}
