package dev.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pauses read from a serial collector's {@code -Xlog:gc} output, as the scale test's router writes it. */
class GcPausesTest {
  private static final List<String> LOG = List.of(
      "[0.012s][info][gc] Using Serial",
      "[4.065s][info][gc] GC(9) Pause Young (Allocation Failure) 24M->9M(61M) 10.952ms",
      "[4.193s][info][gc] GC(10) Pause Full (Metadata GC Threshold) 10M->9M(61M) 36.493ms",
      "[23.990s][info][gc] GC(15) Pause Young (Allocation Failure) 29M->22M(61M) 136.760ms",
      "[24.582s][info][gc] GC(16) Pause Young (Allocation Failure) 39M->31M(61M) 108.824ms",
      "[24.600s][info][gc,heap] GC(16) an unrelated line that ends in 5.000ms but is no pause",
      "[60.239s][info][gc] GC(49) Pause Full (Allocation Failure) 221M->76M(293M) 192.008ms");

  @Test
  void countsThePausesWithinTheWindowOnly() {
    GcPauses p = GcPauses.of(LOG, 20, 50);
    assertEquals(2, p.count());
    assertEquals(136.760, p.longestMillis(), 1e-9);
    assertEquals(136.760 + 108.824, p.totalMillis(), 1e-9);
  }

  @Test
  void fullCollectionsCountToo() {
    GcPauses p = GcPauses.of(LOG, 0, 100);
    assertEquals(5, p.count());
    assertEquals(192.008, p.longestMillis(), 1e-9);
    assertEquals("5 pauses, longest 192.0 ms, total 485 ms", p.toString());
  }

  @Test
  void aMissingLogHasNoPauses(@TempDir Path dir) throws Exception {
    assertEquals(new GcPauses(0, 0, 0), GcPauses.of(dir.resolve("gc.log"), 0, 100));
    Path log = Files.write(dir.resolve("gc.log"), LOG);
    assertEquals(1, GcPauses.of(log, 4.1, 4.2).count());
  }
}
