package dev.scc.policy.schema;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.policy.PolicyDocumentException;
import dev.scc.policy.files.BoundedFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a policy document (JSON or YAML 1.2) into a Jackson tree.
 *
 * <p>The format is chosen by file extension ({@code .json}; {@code .yaml}/{@code .yml}), otherwise by
 * content (a document starting with <code>{</code> or {@code [} is JSON). Duplicate keys are rejected in
 * both formats. An empty document, or a YAML document that is only {@code null}, reads as
 * {@link NullNode}.
 *
 * <p>Contract: for any input, {@link #parse} returns a tree or throws {@link PolicyDocumentException}
 * (with the file, {@code line:column} where known, and what was expected); it throws nothing else.
 * Instances are immutable and thread-safe.
 */
public final class DocumentReader {
    /** Documents above this size are refused rather than parsed (a policy document is a few KB). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final int MAX_DEPTH = 200;
    private static final int MAX_COLLECTION_ALIASES = 50;

    /** The input format. */
    public enum Format { JSON, YAML }

    private final ObjectMapper json;

    public DocumentReader() {
        this.json = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    /** Reads and parses a file. A missing or unreadable file is a {@link PolicyDocumentException} too. */
    public JsonNode read(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(file, MAX_BYTES);
        } catch (NoSuchFileException e) {
            throw new PolicyDocumentException(name, "", "file not found", "an existing JSON or YAML file", e);
        } catch (BoundedFiles.RefusedFile e) {
            throw new PolicyDocumentException(name, "", e.problem(), "a regular JSON or YAML file of at most 4 MiB", e);
        } catch (IOException e) {
            throw new PolicyDocumentException(name, "", "cannot read file: " + e.getMessage(), "a readable file", e);
        }
        return parse(name, bytes);
    }

    /** Parses bytes; {@code fileName} names the document in errors and picks the format by extension. */
    public JsonNode parse(String fileName, byte[] bytes) {
        return parse(fileName, bytes, detect(fileName, bytes));
    }

    /** Parses bytes in the given format. */
    public JsonNode parse(String fileName, byte[] bytes, Format format) {
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(fileName);
        }
        String text = decode(fileName, bytes);
        try {
            return format == Format.JSON ? parseJson(fileName, text) : parseYaml(fileName, text);
        } catch (PolicyDocumentException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new PolicyDocumentException(fileName, "", "document is nested too deeply", "at most " + MAX_DEPTH + " levels", null);
        } catch (RuntimeException e) {
            // Defensive: parser libraries may throw unchecked exceptions on pathological input; the contract
            // of this class is that callers only ever see PolicyDocumentException.
            throw new PolicyDocumentException(fileName, "", "unreadable document: " + e.getClass().getSimpleName(),
                    format == Format.JSON ? "valid JSON" : "valid YAML 1.2", e);
        }
    }

    /** Picks the format: by extension first, then by the first non-blank character. */
    public static Format detect(String fileName, byte[] bytes) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        int q = lower.indexOf('?');
        if (q >= 0) {
            lower = lower.substring(0, q);
        }
        if (lower.endsWith(".json")) return Format.JSON;
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return Format.YAML;
        for (byte b : bytes) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == (byte) 0xEF || b == (byte) 0xBB || b == (byte) 0xBF) {
                continue;
            }
            return b == '{' || b == '[' ? Format.JSON : Format.YAML;
        }
        return Format.YAML;
    }

    private static PolicyDocumentException tooLarge(String name) {
        return new PolicyDocumentException(name, "", "document is larger than " + MAX_BYTES + " bytes", "a policy document of at most 4 MiB", null);
    }

    private static String decode(String fileName, byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new PolicyDocumentException(fileName, "", "document is not valid UTF-8", "UTF-8 text", e);
        }
    }

    private JsonNode parseJson(String fileName, String text) {
        if (text.isBlank()) {
            return NullNode.getInstance();
        }
        try (JsonParser p = json.createParser(text)) {
            JsonNode node = json.readTree(p);
            return node == null ? NullNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null || loc.getLineNr() < 1 ? "" : loc.getLineNr() + ":" + loc.getColumnNr();
            throw new PolicyDocumentException(fileName, where, "invalid JSON: " + e.getOriginalMessage(), "valid JSON", e);
        } catch (IOException e) {
            throw new PolicyDocumentException(fileName, "", "invalid JSON: " + e.getMessage(), "valid JSON", e);
        }
    }

    private static JsonNode parseYaml(String fileName, String text) {
        try {
            // The fast way: events straight to a tree, without marks (positions; every token and event would
            // otherwise carry two). Marks are only needed to say where a problem is, and the builder only covers
            // what policy documents use, so anything else is read again the full way below, with marks.
            return new YamlTreeBuilder(yamlSettings(fileName, false), MAX_DEPTH, text.length() + Budget.ALLOWANCE,
                    MAX_COLLECTION_ALIASES).build(text);
        } catch (YamlTreeBuilder.NotCovered | YamlEngineException fullWay) {
            return parseYamlFully(fileName, text);
        }
    }

    /** The full way: SnakeYAML's loader with marks, then the Java objects to a tree (also the fast way's oracle). */
    static JsonNode parseYamlFully(String fileName, String text) {
        Object loaded;
        try {
            loaded = new Load(yamlSettings(fileName, true)).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String where = mark.map(m -> (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("");
            String problem = e.getProblem() == null ? e.getClass().getSimpleName() : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new PolicyDocumentException(fileName, where, "invalid YAML: " + context + problem, "valid YAML 1.2 (no duplicate keys)", e);
        } catch (YamlEngineException e) {
            throw new PolicyDocumentException(fileName, "", "invalid YAML: " + e.getMessage(), "valid YAML 1.2", e);
        }
        return toNode(fileName, loaded, Where.ROOT, new IdentityHashMap<>(), 0, new Budget(text.length()));
    }

    /**
     * What alias expansion may add. SnakeYAML shares an anchored collection between its aliases, so loading is
     * cheap, but copying the shared structure into a tree expands it: 50 aliases of 50 aliases of ... is a few KB
     * of YAML and billions of nodes (a "billion laughs"). The tree may hold at most as many nodes and scalar
     * characters as the text has characters, plus a fixed allowance for ordinary anchor reuse; past that the
     * document is refused before the heap is at risk, in time linear in its size.
     */
    private static final class Budget {
        static final long ALLOWANCE = 1_000_000;
        private final long limit;
        private long used;

        Budget(int textLength) {
            this.limit = textLength + ALLOWANCE;
        }

        void spend(String file, Where path, long units) {
            used += units;
            if (used > limit) {
                throw new PolicyDocumentException(file, "", "aliases expand the document past " + limit
                        + " nodes and characters at " + path + " (an alias bomb?)",
                        "a document whose aliases expand to at most its own size plus " + ALLOWANCE, null);
            }
        }
    }

    /**
     * Where a value is, as a JSONPath built only when an error needs it: building a path string for each of a
     * large document's nodes doubled the garbage and made parse time grow faster than the document.
     */
    private record Where(Where parent, String key, int index) {
        static final Where ROOT = new Where(null, null, -1);

        Where child(String k) {
            return new Where(this, k, -1);
        }

        Where at(int i) {
            return new Where(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "$";
            }
            return key != null ? JsonPaths.child(parent.toString(), key) : parent + "[" + index + "]";
        }
    }

    /** The tree node for a scalar the core schema constructs (null, string, boolean, number), or null if not one. */
    static JsonNode scalarNode(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) return f.nullNode();
        if (value instanceof String s) return f.textNode(s);
        if (value instanceof Boolean b) return f.booleanNode(b);
        if (value instanceof Integer i) return f.numberNode(i);
        if (value instanceof Long l) return f.numberNode(l);
        if (value instanceof BigInteger bi) return f.numberNode(bi);
        if (value instanceof Double d) return f.numberNode(d);
        if (value instanceof Float fl) return f.numberNode(fl);
        if (value instanceof Number n) return f.numberNode(n.doubleValue());
        return null;
    }

    private static LoadSettings yamlSettings(String fileName, boolean marks) {
        return LoadSettings.builder()
                .setLabel(fileName)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setCodePointLimit(MAX_BYTES)
                .setSchema(new CoreSchema())
                .setUseMarks(marks)
                .build();
    }

    private static JsonNode toNode(String file, Object value, Where path, Map<Object, Boolean> open, int depth,
            Budget budget) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        budget.spend(file, path, value instanceof String str ? 1 + str.length() : 1);
        if (depth > MAX_DEPTH) {
            throw new PolicyDocumentException(file, "", "document is nested too deeply at " + path, "at most " + MAX_DEPTH + " levels", null);
        }
        JsonNode scalar = scalarNode(value);
        if (scalar != null) return scalar;
        if (value instanceof byte[] bytes) return f.textNode(Base64.getEncoder().encodeToString(bytes));
        if (value instanceof Optional<?> o) return toNode(file, o.orElse(null), path, open, depth, budget);
        if (open.containsKey(value)) {
            // Aliases may make a collection contain itself; JSON cannot express that.
            throw new PolicyDocumentException(file, "", "recursive alias at " + path, "a tree without self-references", null);
        }
        open.put(value, Boolean.TRUE);
        try {
            if (value instanceof Map<?, ?> map) {
                ObjectNode obj = f.objectNode();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Object k = e.getKey();
                    if (k instanceof Map || k instanceof Collection || k instanceof byte[]) {
                        throw new PolicyDocumentException(file, "", "mapping key at " + path + " is not a scalar", "string keys", null);
                    }
                    String key = String.valueOf(k);
                    if (obj.has(key)) {
                        throw new PolicyDocumentException(file, "", "duplicate key '" + key + "' at " + path, "unique keys", null);
                    }
                    obj.set(key, toNode(file, e.getValue(), path.child(key), open, depth + 1, budget));
                }
                return obj;
            }
            if (value instanceof Collection<?> list) {
                ArrayNode arr = f.arrayNode(list.size());
                int i = 0;
                for (Object item : list) {
                    arr.add(toNode(file, item, path.at(i++), open, depth + 1, budget));
                }
                return arr;
            }
        } finally {
            open.remove(value);
        }
        throw new PolicyDocumentException(file, "", "unsupported YAML value at " + path + " (" + value.getClass().getSimpleName() + ")",
                "strings, numbers, booleans, null, lists and maps", null);
    }

}
