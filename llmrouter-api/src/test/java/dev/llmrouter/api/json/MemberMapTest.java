package dev.llmrouter.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JsonObject}'s member storage behaves like the {@code LinkedHashMap} it replaced. */
class MemberMapTest {
  @Test
  void randomOperationsMatchLinkedHashMap() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      MemberMap map = new MemberMap();
      Map<String, JsonValue> expected = new LinkedHashMap<>();
      int keys = 1 + random.nextInt(round % 2 == 0 ? 6 : 40);
      for (int op = 0; op < 300; op++) {
        String k = "k" + random.nextInt(keys);
        JsonValue v = JsonNumber.of(random.nextInt(100));
        switch (random.nextInt(6)) {
          case 0:
          case 1:
            assertEquals(expected.put(k, v), map.put(k, v));
            break;
          case 2:
            assertEquals(expected.remove(k), map.remove(k));
            break;
          case 3:
            assertEquals(expected.get(k), map.get(k));
            assertEquals(expected.containsKey(k), map.containsKey(k));
            break;
          case 4: {
            Iterator<Map.Entry<String, JsonValue>> a = expected.entrySet().iterator();
            Iterator<Map.Entry<String, JsonValue>> b = map.entrySet().iterator();
            while (a.hasNext()) {
              Map.Entry<String, JsonValue> ea = a.next();
              Map.Entry<String, JsonValue> eb = b.next();
              assertEquals(ea, eb);
              if (random.nextInt(5) == 0) {
                a.remove();
                b.remove();
              } else if (random.nextInt(5) == 0) {
                ea.setValue(v);
                eb.setValue(v);
              }
            }
            assertTrue(!b.hasNext());
            break;
          }
          default:
            assertEquals(expected.keySet().remove(k), map.keySet().remove(k));
        }
        assertEquals(expected.size(), map.size());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(map.keySet()));
        assertEquals(new ArrayList<>(expected.values()), new ArrayList<>(map.values()));
        assertEquals(expected, map);
        assertEquals(map, expected);
        assertEquals(expected.hashCode(), map.hashCode());
      }
    }
  }

  @Test
  void orderNullsAndFailFastIteration() {
    MemberMap map = new MemberMap();
    for (int i = 0; i < 20; i++) map.put("k" + i, JsonNumber.of(i));
    map.put("k3", JsonNull.INSTANCE);
    map.put(null, JsonBoolean.TRUE);
    assertEquals(JsonNull.INSTANCE, map.get("k3"));
    assertEquals(JsonBoolean.TRUE, map.get(null));
    assertEquals(21, map.size());
    List<String> seen = new ArrayList<>();
    map.forEach((k, v) -> seen.add(k));
    assertEquals("k0", seen.get(0));
    assertEquals("k3", seen.get(3));
    assertEquals(null, seen.get(20));
    assertThrows(ConcurrentModificationException.class, () -> {
      for (String k : map.keySet()) map.remove(k);
    });
    assertThrows(ConcurrentModificationException.class, () -> map.forEach((k, v) -> map.put("new", v)));
    map.clear();
    assertTrue(map.isEmpty());
    assertEquals(null, map.get("k1"));
  }

  @Test
  void objectCopyIsDeepAndKeepsOrder() {
    JsonObject o = Json.parseObject("{\"b\":{\"x\":[1,2]},\"a\":\"s\",\"c\":null}");
    JsonObject copy = o.copy();
    assertEquals(o, copy);
    copy.getObject("b").getArray("x").add("3");
    assertEquals("{\"b\":{\"x\":[1,2]},\"a\":\"s\",\"c\":null}", o.toJson());
    assertEquals("{\"b\":{\"x\":[1,2,\"3\"]},\"a\":\"s\",\"c\":null}", copy.toJson());
    o.names().remove("a");
    assertEquals("{\"b\":{\"x\":[1,2]},\"c\":null}", o.toJson());
  }
}
