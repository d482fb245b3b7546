package dev.llmrouter.convert.tokens;

/**
 * Reads an image's width and height from the first bytes of a PNG, JPEG, GIF or WebP file, without
 * decoding the image. Stateless.
 */
final class ImageSize {
  private ImageSize() {}

  /** Width and height, or null when the bytes are not a recognised header (or too short). */
  static int[] read(byte[] b) {
    if (b == null || b.length < 10) return null;
    if (u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return png(b);
    if (u8(b, 0) == 0xFF && u8(b, 1) == 0xD8) return jpeg(b);
    if (b[0] == 'G' && b[1] == 'I' && b[2] == 'F') return new int[] {le16(b, 6), le16(b, 8)};
    if (b.length >= 16 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
        && b[10] == 'B' && b[11] == 'P') {
      return webp(b);
    }
    return null;
  }

  private static int[] png(byte[] b) {
    // The IHDR chunk always comes first: width and height are big-endian at offsets 16 and 20.
    if (b.length < 24) return null;
    return positive(be32(b, 16), be32(b, 20));
  }

  private static int[] jpeg(byte[] b) {
    int i = 2;
    while (i + 3 < b.length) {
      if (u8(b, i) != 0xFF) return null;
      int marker = u8(b, i + 1);
      if (marker == 0xFF) {
        i++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) return null;
      int length = be16(b, i + 2);
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        if (i + 8 >= b.length) return null;
        return positive(be16(b, i + 7), be16(b, i + 5));
      }
      if (length < 2) return null;
      i += 2 + length;
    }
    return null;
  }

  private static int[] webp(byte[] b) {
    if (b.length < 30) return null;
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8 ":
        // Key frame: start code 9d 01 2a, then 14-bit width and height.
        if (u8(b, 23) != 0x9d || u8(b, 24) != 0x01 || u8(b, 25) != 0x2a) return null;
        return positive(le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
      case "VP8L": {
        if (u8(b, 20) != 0x2f) return null;
        long bits = u8(b, 21) | (u8(b, 22) << 8) | (u8(b, 23) << 16) | ((long) u8(b, 24) << 24);
        return positive((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
      }
      case "VP8X":
        return positive(le24(b, 24) + 1, le24(b, 27) + 1);
      default:
        return null;
    }
  }

  private static int[] positive(int w, int h) {
    return w > 0 && h > 0 ? new int[] {w, h} : null;
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int be16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }

  private static int le16(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8);
  }

  private static int le24(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16);
  }

  private static int be32(byte[] b, int i) {
    long v = ((long) u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3);
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }
}
