package dev.scc.render.gemini.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The Gemini module's serialising edge: deterministic JSON (insertion order, 2-space indent, {@code \n}, a trailing
 * newline) for {@code settings.json}, and quoted strings for the policy TOML. A plugin module keeps its own small
 * edge: SCC's SPI hands it typed records, never a serialiser.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(ObjectNode node) {
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code s} as a TOML basic string. Jackson's JSON string escapes ({@code \"}, {@code \\}, {@code \n}, {@code \t},
     * {@code \r}, {@code \b}, {@code \f} and {@code \}{@code uXXXX} for other control characters) are all valid TOML
     * escapes, and it writes every other character as itself.
     */
    public static String tomlString(String s) {
        return new TextNode(s).toString();
    }
}
