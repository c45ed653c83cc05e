package dev.scc.policy.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.scc.policy.PolicyDocumentException;
import dev.scc.policy.Problem;
import dev.scc.policy.schema.internal.Invariants;
import dev.scc.policy.schema.internal.MessageText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates org and team documents against the JSON Schemas SCC ships, then checks the invariants a
 * schema cannot express (duplicate MCP server names in one profile, references to undefined profiles,
 * bundles, artifacts, marketplaces and destination sets, ambiguous plugin refs, unparseable exception
 * expiry, duplicate exception ids).
 *
 * <p>Contract: {@link #validate} returns every problem (never only the first), sorted by path, with a
 * JSONPath and what was expected; an empty list means the document is valid. Gate decisions that
 * belong to the merge (allowlists, blocks, stdio command rules) are deliberately not problems here.
 * Instances are immutable and thread-safe; the schemas are loaded once from the class path, never
 * from the network.
 */
public final class SchemaValidator {
    /** A compiled schema plus its tree (the tree names allowed keys and descriptions in problems). */
    private record Compiled(JsonSchema schema, JsonNode tree) {}

    private final Map<DocumentKind, Compiled> compiled = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .formatAssertionsEnabled(false)
            .build();

    /** Cheap: each schema is compiled on first use (a CLI run usually needs one of the two). */
    public SchemaValidator() {}

    private Compiled compiled(DocumentKind kind) {
        return compiled.computeIfAbsent(kind, k -> {
            try {
                JsonNode tree = new ObjectMapper().readTree(schemaText(k));
                return new Compiled(factory.getSchema(tree, config), tree);
            } catch (IOException e) {
                throw new UncheckedIOException("shipped schema " + k.schemaFileName() + " is unreadable", e);
            }
        });
    }

    /** The schema text exactly as shipped (what {@code scc org schema} prints). */
    public static String schemaText(DocumentKind kind) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(kind.schemaFileName())) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + kind.schemaFileName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Validates a parsed document: schema first, then invariants.
     *
     * @param file how the document is named in problems (a path or URL)
     * @return every problem, sorted by path; empty when valid
     */
    public List<Problem> validate(DocumentKind kind, String file, JsonNode document) {
        Set<Problem> problems = new LinkedHashSet<>();
        Compiled c = compiled(kind);
        for (ValidationMessage m : c.schema().validate(document)) {
            problems.add(MessageText.toProblem(file, m, c.tree()));
        }
        problems.addAll(switch (kind) {
            case ORG -> Invariants.org(file, document);
            case TEAM -> Invariants.team(file, document);
            case PROJECT, USER -> List.of();
        });
        problems.addAll(Invariants.controlCharacters(file, document));
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Problem.ORDER);
        return List.copyOf(sorted);
    }

    /** Validates and throws {@link PolicyDocumentException} listing every problem when there is any. */
    public void requireValid(DocumentKind kind, String file, JsonNode document) {
        List<Problem> problems = validate(kind, file, document);
        if (!problems.isEmpty()) {
            throw new PolicyDocumentException(problems);
        }
    }
}
