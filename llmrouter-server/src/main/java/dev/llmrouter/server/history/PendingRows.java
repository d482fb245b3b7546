package dev.llmrouter.server.history;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The outcomes taken and not yet written, kept as values in a few arrays the list reuses rather
 * than as the outcomes themselves: {@link #add} copies an outcome in, {@link #get} makes it anew.
 *
 * <p>Why: the history is written once a second, so an outcome kept as itself lives for up to a second.
 * Under thousands of requests a second that is ten or more young collections; the collector then
 * moves the outcomes of the oldest of them to the old generation, where the serial collector makes
 * room by growing the heap rather than by collecting it (under the load benchmark at concurrency 64,
 * about a megabyte a second, every one of them garbage by then). Copied in here, an outcome dies
 * where it was made, and these arrays, which live on, grow to a second's rows and stay so.
 *
 * <p>Not thread-safe: the store uses it under its lock.
 */
final class PendingRows extends AbstractList<AttemptOutcome> implements RandomAccess {
  private static final ApiKind[] KINDS = ApiKind.values();
  private static final AttemptOutcome.Result[] RESULTS = AttemptOutcome.Result.values();
  /** The strings of a row, in this order. */
  private static final int STRINGS = 8;
  private static final int LONGS = 9;
  private static final int INTS = 5;
  /** {@code ints} flag bits. */
  private static final int STREAMED = 1;
  private static final int ESTIMATED = 2;
  private static final int NO_USAGE = 4;

  private int size;
  /** Per row: first byte and total nanoseconds, five token counts, the start's epoch second and nanosecond. */
  private long[] longs = new long[16 * LONGS];
  /** Per row: kind, result, status, flags, and where its strings start in {@code chars}. */
  private int[] ints = new int[16 * INTS];
  /** Per row and string: where it ends in {@code chars}, or -1 for null (each starts where the one before ends). */
  private int[] ends = new int[16 * STRINGS];
  /**
   * Every row's strings, one after the other: two bytes a character once a row's text goes beyond
   * Latin-1, which the masked key's ellipsis does (the strings made from it are compact again).
   */
  private final StringBuilder chars = new StringBuilder(1024);

  @Override
  public boolean add(AttemptOutcome o) {
    if (size * LONGS == longs.length) grow();
    int l = size * LONGS;
    Usage u = o.usage();
    longs[l] = o.firstByteNanos();
    longs[l + 1] = o.totalNanos();
    if (u != null) {
      longs[l + 2] = u.inputTokens();
      longs[l + 3] = u.outputTokens();
      longs[l + 4] = u.cacheReadTokens();
      longs[l + 5] = u.cacheCreationTokens();
      longs[l + 6] = u.reasoningTokens();
    }
    Instant at = o.at();
    longs[l + 7] = at == null ? Long.MIN_VALUE : at.getEpochSecond();
    longs[l + 8] = at == null ? 0 : at.getNano();
    int i = size * INTS;
    ints[i] = o.kind() == null ? -1 : o.kind().ordinal();
    ints[i + 1] = o.result() == null ? -1 : o.result().ordinal();
    ints[i + 2] = o.status();
    ints[i + 3] = (o.streamed() ? STREAMED : 0) | (u == null ? NO_USAGE : u.estimated() ? ESTIMATED : 0);
    ints[i + 4] = chars.length();
    int s = size * STRINGS;
    put(s, o.channelId());
    put(s + 1, o.channelName());
    put(s + 2, o.baseUrl());
    put(s + 3, o.keyFingerprint());
    put(s + 4, o.keyMask());
    put(s + 5, o.model());
    put(s + 6, o.detail());
    put(s + 7, o.requestId());
    size++;
    modCount++;
    return true;
  }

  private void put(int at, String s) {
    if (s == null) {
      ends[at] = -1;
      return;
    }
    chars.append(s);
    ends[at] = chars.length();
  }

  private void grow() {
    int rows = size * 2;
    longs = Arrays.copyOf(longs, rows * LONGS);
    ints = Arrays.copyOf(ints, rows * INTS);
    ends = Arrays.copyOf(ends, rows * STRINGS);
  }

  @Override
  public AttemptOutcome get(int index) {
    if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index + " of " + size);
    int l = index * LONGS;
    int i = index * INTS;
    int flags = ints[i + 3];
    Usage usage = (flags & NO_USAGE) != 0 ? null
        : new Usage(longs[l + 2], longs[l + 3], longs[l + 4], longs[l + 5], longs[l + 6], (flags & ESTIMATED) != 0);
    Instant at = longs[l + 7] == Long.MIN_VALUE ? null : Instant.ofEpochSecond(longs[l + 7], longs[l + 8]);
    int s = index * STRINGS;
    int start = ints[i + 4];
    String[] text = new String[STRINGS];
    for (int k = 0; k < STRINGS; k++) {
      int end = ends[s + k];
      if (end < 0) continue;
      text[k] = chars.substring(start, end);
      start = end;
    }
    return new AttemptOutcome(ints[i] < 0 ? null : KINDS[ints[i]], text[0], text[1], text[2], text[3], text[4],
        text[5], ints[i + 2], ints[i + 1] < 0 ? null : RESULTS[ints[i + 1]], longs[l], longs[l + 1], usage,
        (flags & STREAMED) != 0, at, text[6], text[7]);
  }

  @Override
  public int size() {
    return size;
  }

  /** Forgets the rows; the arrays are kept for the next ones. */
  @Override
  public void clear() {
    size = 0;
    chars.setLength(0);
    modCount++;
  }
}
