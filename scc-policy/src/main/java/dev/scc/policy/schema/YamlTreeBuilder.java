package dev.scc.policy.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * The fast way from YAML to a tree: straight from SnakeYAML's events to Jackson nodes, so only the tree stays
 * alive while a document is read (loading builds SnakeYAML's node graph and then a graph of Java collections
 * first, three copies whose collection made parse time grow faster than the document). It covers what policy
 * documents use: mappings, sequences, plain and quoted scalars resolved by the core schema, anchors and
 * aliases. Anything else (an explicit tag, a duplicate or non-scalar key, several documents, a recursive,
 * undefined or excess alias, deep nesting, an expansion past the budget) makes it give up with {@link
 * NotCovered}, and {@link DocumentReader} reads the document the full way, which accepts it or names the problem
 * exactly as before.
 */
final class YamlTreeBuilder {
    /** The document needs the full loader. */
    static final class NotCovered extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotCovered() {
            super(null, null, false, false);
        }
    }

    private static final NotCovered NOT_COVERED = new NotCovered();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final LoadSettings settings;
    private final Map<Tag, ConstructNode> constructors;
    // Once per document: CoreSchema builds a new resolver (a dozen regexes) on every call.
    private final ScalarResolver resolver;
    private final int maxDepth;
    private final long budget;
    private final int maxCollectionAliases;

    YamlTreeBuilder(LoadSettings settings, int maxDepth, long budget, int maxCollectionAliases) {
        this.settings = settings;
        this.constructors = settings.getSchema().getSchemaTagConstructors();
        this.resolver = settings.getSchema().getScalarResolver();
        this.maxDepth = maxDepth;
        this.budget = budget;
        this.maxCollectionAliases = maxCollectionAliases;
    }

    /** An open mapping or sequence, with its anchor and, for a mapping, the key waiting for its value. */
    private static final class Open {
        final JsonNode node;
        final Optional<Anchor> anchor;
        String key;
        long weight = 1;

        Open(JsonNode node, Optional<Anchor> anchor) {
            this.node = node;
            this.anchor = anchor;
        }
    }

    private record Anchored(JsonNode node, long weight) {}

    /** The tree, or {@link NotCovered}; parser errors propagate as SnakeYAML's exceptions. */
    JsonNode build(String text) {
        Deque<Open> stack = new ArrayDeque<>();
        Map<String, Anchored> anchors = new HashMap<>();
        Set<String> openAnchors = new HashSet<>();
        JsonNode root = null;
        int documents = 0;
        int collectionAliases = 0;
        long spent = 0;
        for (Event ev : new Parse(settings).parseString(text)) {
            JsonNode done;
            long weight;
            Optional<Anchor> anchor = Optional.empty();
            switch (ev.getEventId()) {
                case StreamStart, StreamEnd, DocumentEnd, Comment -> {
                    continue;
                }
                case DocumentStart -> {
                    if (++documents > 1) {
                        throw NOT_COVERED;
                    }
                    continue;
                }
                case MappingStart, SequenceStart -> {
                    CollectionStartEvent c = (CollectionStartEvent) ev;
                    if (explicitTag(c.getTag()) || stack.size() >= maxDepth) {
                        throw NOT_COVERED;
                    }
                    c.getAnchor().ifPresent(a -> openAnchors.add(a.getValue()));
                    JsonNode n = ev.getEventId() == Event.ID.MappingStart ? F.objectNode() : F.arrayNode();
                    stack.push(new Open(n, c.getAnchor()));
                    spent++;
                    continue;
                }
                case MappingEnd, SequenceEnd -> {
                    Open o = stack.pop();
                    if (o.node.isObject() && o.key != null) {
                        throw NOT_COVERED;
                    }
                    done = o.node;
                    weight = o.weight;
                    anchor = o.anchor;
                    anchor.ifPresent(a -> openAnchors.remove(a.getValue()));
                }
                case Scalar -> {
                    ScalarEvent s = (ScalarEvent) ev;
                    if (explicitTag(s.getTag())) {
                        throw NOT_COVERED;
                    }
                    done = scalar(s);
                    weight = 1 + s.getValue().length();
                    anchor = s.getAnchor();
                    spent += weight;
                }
                case Alias -> {
                    String name = ((AliasEvent) ev).getAlias().getValue();
                    Anchored a = anchors.get(name);
                    if (a == null || openAnchors.contains(name)) {
                        throw NOT_COVERED;
                    }
                    if (a.node().isContainerNode() && ++collectionAliases > maxCollectionAliases) {
                        throw NOT_COVERED;
                    }
                    spent += a.weight();
                    done = a.node().isContainerNode() ? a.node().deepCopy() : a.node();
                    weight = a.weight();
                }
                default -> throw NOT_COVERED;
            }
            if (spent > budget) {
                throw NOT_COVERED;
            }
            if (anchor.isPresent()) {
                anchors.put(anchor.get().getValue(), new Anchored(done, weight));
            }
            if (stack.isEmpty()) {
                root = done;
                continue;
            }
            Open parent = stack.peek();
            parent.weight += weight;
            if (parent.node instanceof ArrayNode arr) {
                arr.add(done);
            } else if (parent.key == null) {
                if (done.isContainerNode()) {
                    throw NOT_COVERED;
                }
                parent.key = done.asText();
                if (parent.node.has(parent.key)) {
                    throw NOT_COVERED;
                }
            } else {
                ((ObjectNode) parent.node).set(parent.key, done);
                parent.key = null;
            }
        }
        return root == null ? F.nullNode() : root;
    }

    private static boolean explicitTag(Optional<String> tag) {
        return tag.isPresent() && !tag.get().equals("!");
    }

    private JsonNode scalar(ScalarEvent s) {
        if (!s.isPlain()) {
            return F.textNode(s.getValue());
        }
        Tag tag = resolver.resolve(s.getValue(), s.getImplicit().canOmitTagInPlainScalar());
        if (tag.equals(Tag.STR)) {
            return F.textNode(s.getValue());
        }
        ConstructNode c = constructors.get(tag);
        if (c == null) {
            throw NOT_COVERED;
        }
        JsonNode n = DocumentReader.scalarNode(c.construct(new ScalarNode(tag, s.getValue(), s.getScalarStyle())));
        if (n != null) {
            return n;
        }
        throw NOT_COVERED;
    }
}
