package dev.llmrouter.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void roundTripKeepsNumbersOrderAndUnknownMembers() {
    String text = "{\"b\":1.0,\"a\":[1e5,-0,12345678901234567890123,true,null,{}],\"c\":\"\\u2028<x>\",\"d\":{\"z\":0.1}}";
    JsonValue v = Json.parse(text);
    assertEquals("{\"b\":1.0,\"a\":[1e5,-0,12345678901234567890123,true,null,{}],\"c\":\"\\u2028<x>\",\"d\":{\"z\":0.1}}",
        Json.writeString(v));
  }

  @Test
  void putKeepsPositionOfExistingMember() {
    JsonObject o = Json.parseObject("{\"a\":1,\"b\":2,\"c\":3}");
    o.put("b", "x");
    assertEquals("{\"a\":1,\"b\":\"x\",\"c\":3}", o.toJson());
  }

  @Test
  void malformedInputIsReported() {
    assertThrows(MalformedJsonException.class, () -> Json.parse("{\"a\":}"));
    assertThrows(MalformedJsonException.class, () -> Json.parse("{} {}"));
    assertThrows(MalformedJsonException.class, () -> Json.parseObject("[]"));
  }

  @Test
  void numbersFromDoubles() {
    assertEquals("0", JsonNumber.of(0.0).text());
    assertEquals("0.7", JsonNumber.of(0.7).text());
    assertEquals("3", JsonNumber.of(3.0).text());
  }
}
