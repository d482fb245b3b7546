package dev.llmrouter.convert.internal;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * How client tools that are not plain functions reach an upstream. A freeform ({@code custom}) tool
 * becomes a function with one string parameter {@code input}, its description and grammar travel in
 * the function's description, and its calls carry {@code {"input": "<raw text>"}} in the common
 * model whatever the upstream; other client-executed tools ({@code tool_search}) become functions
 * with their own parameters; hosted tools the upstream has no counterpart for are left out and
 * named in {@link dev.llmrouter.api.convert.ConversionNotes}, or refused when the context is strict.
 * Stateless.
 */
public final class ToolShapes {
  /** The one parameter of a freeform tool sent as a function. */
  public static final String INPUT = "input";

  private ToolShapes() {}

  /**
   * Sorts the request's tools for one upstream.
   *
   * @param tools the request's tools, in the client's order (so index i is the client's
   *     {@code tools[i]})
   * @param ctx the context: its notes learn every non-function tool type, what is left out, and its
   *     strict flag decides between leaving out and refusing
   * @param sendsNatively the tools this upstream takes in their own shape
   * @param natives receives those tools
   * @return the tools to declare as functions (freeform and client tools already reshaped)
   * @throws dev.llmrouter.api.error.ClientRequestException when the context is strict and a hosted
   *     tool has no counterpart
   */
  public static List<Tool> functions(List<Tool> tools, ConvertContext ctx, Predicate<Tool> sendsNatively,
      List<Tool> natives) {
    List<Tool> out = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      Tool t = tools.get(i);
      String type = t.type();
      if (!type.equals(Tool.FUNCTION)) ctx.notes().toolType(t.name(), type);
      if (sendsNatively.test(t)) {
        natives.add(t);
      } else if (type.equals(Tool.FUNCTION)) {
        out.add(t);
      } else if (t.clientExecuted()) {
        out.add(asFunction(t));
      } else {
        unsupported(ctx, "tools[" + i + "]", "tool type '" + type + "'");
      }
    }
    return out;
  }

  /**
   * Leaves something out of the upstream request, or refuses it when the context is strict.
   *
   * @param ctx the context
   * @param path the JSON path in the client's request
   * @param what what it is, such as {@code tool type 'file_search'}
   * @throws dev.llmrouter.api.error.ClientRequestException when the context is strict
   */
  public static void unsupported(ConvertContext ctx, String path, String what) {
    if (ctx.strict()) throw Jsons.badRequest(path + ": " + what + " cannot be sent to this channel");
    ctx.notes().dropped(path + " (" + what + ")");
  }

  /**
   * Returns a client tool as a plain function.
   *
   * @param t a freeform or other client-executed tool
   * @return the function
   */
  public static Tool asFunction(Tool t) {
    if (t.type().equals(Tool.CUSTOM)) {
      return new Tool(t.name(), customDescription(t), inputSchema());
    }
    JsonValue params = t.parameters() != null ? t.parameters()
        : new JsonObject().put("type", "object").put("properties", new JsonObject());
    return new Tool(t.name(), t.description(), params);
  }

  private static String customDescription(Tool t) {
    StringBuilder sb = new StringBuilder();
    if (t.description() != null) sb.append(t.description());
    if (sb.length() > 0) sb.append("\n\n");
    sb.append("Put the tool's raw input, exactly as the format below asks and not wrapped in JSON, as the"
        + " string parameter `input`.");
    JsonObject format = t.declaration() == null ? null : t.declaration().getObject("format");
    if (format != null && "grammar".equals(format.getString("type"))) {
      String syntax = format.getString("syntax");
      String definition = format.getString("definition");
      if (definition == null) {
        JsonObject g = format.getObject("grammar");
        if (g != null) {
          syntax = g.getString("syntax");
          definition = g.getString("definition");
        }
      }
      if (definition != null) {
        sb.append(" The input must match this ").append(syntax == null ? "" : syntax + " ")
            .append("grammar:\n").append(definition);
      }
    }
    return sb.toString();
  }

  /** {@return the schema of a freeform tool sent as a function: one required string} */
  public static JsonObject inputSchema() {
    return new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put(INPUT, new JsonObject().put("type", "string")
            .put("description", "The raw input of the tool.")))
        .put("required", JsonArray.of().add(INPUT));
  }

  /**
   * Wraps a freeform tool's raw input as common-model call arguments.
   *
   * @param raw the raw input
   * @return {@code {"input": raw}} as JSON text
   */
  public static String wrapInput(String raw) {
    return Json.writeString(new JsonObject().put(INPUT, raw == null ? "" : raw));
  }

  /**
   * Takes a freeform tool's raw input out of call arguments; arguments a model wrote without the
   * {@code input} wrapper are taken as the raw input themselves.
   *
   * @param arguments the call's JSON arguments
   * @return the raw input
   */
  public static String unwrapInput(String arguments) {
    if (arguments == null) return "";
    JsonValue v = Jsons.tryParse(arguments);
    if (v instanceof JsonObject o && o.get(INPUT) != null && o.get(INPUT).asString() != null) {
      return o.get(INPUT).asString();
    }
    return arguments;
  }

  /**
   * Escapes a piece of a string for the inside of a JSON string literal.
   *
   * @param piece the raw piece
   * @return the escaped piece, without quotes
   */
  public static String escapeFragment(String piece) {
    if (piece == null || piece.isEmpty()) return "";
    String quoted = Json.writeString(new JsonString(piece));
    return quoted.substring(1, quoted.length() - 1);
  }

  /**
   * Finds a declared tool by name.
   *
   * @param tools the request's tools
   * @param name the name
   * @return the tool, or null
   */
  public static Tool find(List<Tool> tools, String name) {
    for (Tool t : tools) if (t.name().equals(name)) return t;
    return null;
  }
}
