package dev.llmrouter.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line: {@code ts}, {@code level}, {@code tag} (the message's leading
 * {@code [Component-Action]}), {@code logger}, {@code message}, then the event's key-value pairs
 * (the request fields of access lines) and {@code error} with a stack trace when there is one.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return line(event).getBytes(StandardCharsets.UTF_8);
  }

  static String line(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message == null) message = "";
    String tag = "";
    if (message.startsWith("[")) {
      int end = message.indexOf(']');
      if (end > 1 && end < 64 && message.substring(1, end).indexOf(' ') < 0) {
        tag = message.substring(1, end);
        message = message.substring(end + 1).stripLeading();
      }
    }
    StringBuilder sb = new StringBuilder(160 + message.length());
    sb.append("{\"ts\":");
    quote(sb, Instant.ofEpochMilli(event.getTimeStamp()).toString());
    sb.append(",\"level\":");
    quote(sb, event.getLevel().toString());
    sb.append(",\"tag\":");
    quote(sb, tag);
    sb.append(",\"logger\":");
    String logger = event.getLoggerName();
    quote(sb, logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1));
    sb.append(",\"message\":");
    quote(sb, message);
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair p : pairs) {
        if (p == null || p.key == null) continue;
        sb.append(',');
        quote(sb, p.key);
        sb.append(':');
        value(sb, p.value);
      }
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      sb.append(",\"error\":");
      quote(sb, ThrowableProxyUtil.asString(t));
    }
    return sb.append("}\n").toString();
  }

  private static void value(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      sb.append(v);
    } else if (v instanceof Boolean) {
      sb.append(v);
    } else {
      quote(sb, v.toString());
    }
  }

  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
