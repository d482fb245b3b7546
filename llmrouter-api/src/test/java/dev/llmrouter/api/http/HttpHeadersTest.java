package dev.llmrouter.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header list: ordered, repeats kept, looked up in any case, never changed once built. */
class HttpHeadersTest {
  private static List<String> fields(HttpHeaders h) {
    List<String> out = new ArrayList<>();
    h.forEach((n, v) -> out.add(n + ": " + v));
    return out;
  }

  @Test
  void fieldsKeepTheirOrderAndRepeatsAndAreLookedUpInAnyCase() {
    HttpHeaders h = HttpHeaders.of("Accept", "a", "X-Key", "1", "accept", "b");
    assertEquals(List.of("Accept: a", "X-Key: 1", "accept: b"), fields(h));
    assertEquals(3, h.size());
    assertEquals("X-Key", h.name(1));
    assertEquals("1", h.value(1));
    assertEquals("a", h.get("ACCEPT"));
    assertEquals(List.of("a", "b"), h.values("accept"));
    assertNull(h.get("missing"));
    assertEquals(List.of(), h.values("missing"));
    assertThrows(UnsupportedOperationException.class, () -> h.values("accept").add("c"));
  }

  @Test
  void indexesOutOfRangeAndOddArgumentsAreRefused() {
    HttpHeaders h = HttpHeaders.of("A", "1");
    assertThrows(IndexOutOfBoundsException.class, () -> h.name(1));
    assertThrows(IndexOutOfBoundsException.class, () -> h.value(-1));
    assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("A"));
    assertThrows(NullPointerException.class, () -> HttpHeaders.builder().add(null, "v"));
    assertThrows(NullPointerException.class, () -> HttpHeaders.builder().add("n", null));
  }

  @Test
  void aBuilderGrowsPastItsSizeAndItsHeadersAreACopy() {
    HttpHeaders.Builder b = HttpHeaders.builder(1);
    for (int i = 0; i < 20; i++) b.add("H" + i, Integer.toString(i));
    HttpHeaders built = b.build();
    b.add("Late", "x").remove("H0");
    assertEquals(20, built.size());
    assertEquals("0", built.get("h0"));
    assertNull(built.get("late"));
    assertEquals(20, b.build().size());
    assertSame(HttpHeaders.empty(), HttpHeaders.builder().build());
  }

  @Test
  void setAndRemoveTakeEveryFieldOfTheNameInAnyCase() {
    HttpHeaders h = HttpHeaders.builder().add("A", "1").add("b", "2").add("a", "3").add("C", "4")
        .set("A", "5").build();
    assertEquals(List.of("b: 2", "C: 4", "A: 5"), fields(h));
    assertEquals(List.of("C: 4"), fields(h.toBuilder().remove("a").remove("B").build()));
    assertEquals(List.of("b: 2", "C: 4", "A: 5"), fields(h), "the headers a builder started from are unchanged");
  }

  @Test
  void withReplacesEveryFieldOfTheNameByOneAtTheEndAndLeavesTheHeadersAsTheyWere() {
    HttpHeaders h = HttpHeaders.of("X-Id", "old", "Accept", "a", "x-id", "older");
    HttpHeaders w = h.with("X-ID", "new");
    assertEquals(List.of("Accept: a", "X-ID: new"), fields(w));
    assertEquals(List.of("X-Id: old", "Accept: a", "x-id: older"), fields(h));
    assertEquals(List.of("X-Id: new"), fields(HttpHeaders.empty().with("X-Id", "new")));
    assertEquals(h.toBuilder().set("X-ID", "new").build(), w, "the same as a builder's set");
  }

  @Test
  void headersWithTheSameFieldsAreEqualAndShowOnlyTheirNames() {
    HttpHeaders a = HttpHeaders.of("A", "1", "B", "secret");
    HttpHeaders b = HttpHeaders.builder(1).add("A", "1").add("B", "secret").build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, HttpHeaders.of("A", "1", "b", "secret"));
    assertEquals("HttpHeaders[A, B]", a.toString());
    assertFalse(a.toString().contains("secret"));
    assertEquals(0, HttpHeaders.empty().size());
  }
}
