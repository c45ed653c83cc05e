package dev.scc.policy.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
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
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    private final Supplier<AgentProviderRegistry> providers;

    /**
     * Cheap: each schema is compiled on first use (a CLI run usually needs one of the two), and the installed
     * providers are discovered then ({@link AgentProviderRegistry#load()}).
     */
    public SchemaValidator() {
        AgentProviderRegistry[] loaded = new AgentProviderRegistry[1];
        this.providers = () -> {
            synchronized (loaded) {
                if (loaded[0] == null) {
                    loaded[0] = AgentProviderRegistry.load();
                }
                return loaded[0];
            }
        };
    }

    /** A validator that accepts exactly the providers of {@code providers}. */
    public SchemaValidator(AgentProviderRegistry providers) {
        this.providers = () -> providers;
    }

    private Compiled compiled(DocumentKind kind) {
        return compiled.computeIfAbsent(kind, k -> {
            try {
                JsonNode tree = new ObjectMapper().readTree(schemaText(k, providers.get()));
                return new Compiled(factory.getSchema(tree, config), tree);
            } catch (IOException e) {
                throw new UncheckedIOException("shipped schema " + k.schemaFileName() + " is unreadable", e);
            }
        });
    }

    /** The schema text for the providers installed in this process (what {@code scc org schema} prints). */
    public static String schemaText(DocumentKind kind) {
        return schemaText(kind, AgentProviderRegistry.load());
    }

    /**
     * The schema text as shipped, with the lists that depend on what is installed filled in: the shipped file holds
     * the placeholders {@value #INSTALLED_PROVIDERS} (provider ids) and {@value #INSTALLED_MODEL_APIS} (the broker
     * names of their model APIs) inside an {@code enum}, so the schema accepts the providers of this installation
     * and its errors list them.
     */
    public static String schemaText(DocumentKind kind, AgentProviderRegistry providers) {
        String text;
        try (InputStream in = SchemaValidator.class.getResourceAsStream(kind.schemaFileName())) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + kind.schemaFileName());
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text = fill(text, INSTALLED_PROVIDERS, providers.ids());
        return fill(text, INSTALLED_MODEL_APIS, providers.all().stream()
                .flatMap(p -> p.modelApi().stream()).map(AgentProvider.ModelApi::brokerId).distinct().sorted().toList());
    }

    static final String INSTALLED_PROVIDERS = "scc:installed-providers";
    static final String INSTALLED_MODEL_APIS = "scc:installed-model-apis";

    /** Replaces the quoted placeholder (and, when nothing is installed, the comma after it) by the quoted values. */
    private static String fill(String text, String placeholder, List<String> values) {
        Matcher m = Pattern.compile(Pattern.quote("\"" + placeholder + "\"") + "(\\s*,\\s*)?").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String quoted = values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
            String rest = m.group(1) == null ? "" : m.group(1);
            m.appendReplacement(sb, Matcher.quoteReplacement(values.isEmpty() ? "" : quoted + rest));
        }
        m.appendTail(sb);
        return sb.toString();
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
