package dev.scc.policy.exception;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.policy.files.BoundedFiles;
import dev.scc.policy.files.FileLocks;
import dev.scc.policy.source.internal.AtomicFiles;
import dev.scc.safety.audit.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One local exception store file ({@code exceptions.json}, schema_version 1), in the reference's format.
 *
 * <p>Contract:
 * <ul>
 *   <li>Unknown keys (top level and per entry) survive every rewrite; writes sort keys, indent by 2
 *       and order entries by {@code (created_at, id)}; every write is atomic with mode 0600.</li>
 *   <li>A corrupt file is copied to {@code <file>.bak-YYYYMMDD} and read as empty, with a warning.</li>
 *   <li>A file with {@code schema_version > 1} is ignored with a warning and never overwritten.</li>
 *   <li>New ids are {@code local-YYYYMMDD-<4 hex>}; a local override lasts at most 24h.</li>
 * </ul>
 * Not safe against concurrent writers in other processes (last writer wins), like the reference.
 */
public final class ExceptionStore {
    /** The only store format version this code writes. */
    public static final int SCHEMA_VERSION = 1;
    /** A store larger than this is refused rather than read (it holds a few entries). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Redactor REDACTOR = new Redactor();

    private final Path file;
    private final StoreKind kind;
    private final Clock clock;
    private final RandomGenerator random;

    public ExceptionStore(Path file, StoreKind kind, Clock clock, RandomGenerator random) {
        this.file = Objects.requireNonNull(file);
        this.kind = Objects.requireNonNull(kind);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    /** The user store: {@code <configHome>/scc/exceptions.json}. */
    public static Path userStorePath(Path xdgConfigHome) {
        return xdgConfigHome.resolve("scc").resolve("exceptions.json");
    }

    /** The repo store: {@code <repoRoot>/.scc/exceptions.json}. */
    public static Path repoStorePath(Path repoRoot) {
        return repoRoot.resolve(".scc").resolve("exceptions.json");
    }

    /** The nearest directory at or above {@code start} that contains {@code .git}, if any. */
    public static java.util.Optional<Path> findRepoRoot(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    public Path file() {
        return file;
    }

    public StoreKind kind() {
        return kind;
    }

    /** Reads the store. Never throws for bad content; only I/O failures other than "missing" throw. */
    public StoreSnapshot load() {
        Raw raw = readRaw();
        return new StoreSnapshot(file.toString(), kind, entries(raw), raw.warnings);
    }

    /** Adds a local exception and returns it as stored. */
    public LocalException add(NewException request) {
        return locked(() -> addLocked(request));
    }

    private LocalException addLocked(NewException request) {
        if (request.reason() == null || request.reason().isBlank()) {
            throw new ExceptionStoreException("", "a reason is required", "--reason with a short justification");
        }
        if (request.allowPlugins().isEmpty() && request.allowMcpServers().isEmpty()) {
            throw new ExceptionStoreException("", "nothing to allow", "at least one --allow-plugin or --allow-mcp");
        }
        for (String t : concat(request.allowPlugins(), request.allowMcpServers())) {
            if (t.isBlank()) {
                throw new ExceptionStoreException("", "empty target", "a plugin or MCP server name");
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiry = Ttl.localExpiry(request.ttl(), request.expiresAt(), now);
        Raw raw = readRaw();
        requireWritable(raw);
        ArrayNode list = raw.root.withArray("exceptions");
        String id = newId(now, list);
        ObjectNode entry = JSON.createObjectNode();
        entry.put("id", id);
        entry.put("created_at", now.toString());
        entry.put("expires_at", expiry.truncatedTo(ChronoUnit.SECONDS).toString());
        // A reason is free text typed on a command line: keys pasted into it are not stored.
        entry.put("reason", REDACTOR.redact(request.reason().trim()));
        entry.put("scope", "local");
        ObjectNode allow = entry.putObject("allow");
        request.allowPlugins().forEach(allow.putArray("plugins")::add);
        request.allowMcpServers().forEach(allow.putArray("mcp_servers")::add);
        request.createdBy().ifPresent(u -> entry.put("created_by", u));
        list.add(entry);
        write(raw.root);
        return toException(entry).orElseThrow();
    }

    /** Deletes the entry with this id; returns whether one was found. */
    public boolean delete(String id) {
        return locked(() -> deleteLocked(id));
    }

    private boolean deleteLocked(String id) {
        Raw raw = readRaw();
        requireWritable(raw);
        ArrayNode list = raw.root.withArray("exceptions");
        boolean removed = false;
        for (Iterator<JsonNode> it = list.iterator(); it.hasNext(); ) {
            if (id.equals(it.next().path("id").asText(null))) {
                it.remove();
                removed = true;
            }
        }
        if (removed) {
            write(raw.root);
        }
        return removed;
    }

    /** Removes expired entries (and entries whose expiry cannot be parsed); returns how many. */
    public int cleanup() {
        return locked(this::cleanupLocked);
    }

    private int cleanupLocked() {
        Raw raw = readRaw();
        if (raw.ignored || raw.root.path("exceptions").isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        ArrayNode list = raw.root.withArray("exceptions");
        int removed = 0;
        for (Iterator<JsonNode> it = list.iterator(); it.hasNext(); ) {
            JsonNode e = it.next();
            java.util.Optional<LocalException> parsed = toException(e);
            if (parsed.isPresent() && !parsed.get().isActive(now)) {
                it.remove();
                removed++;
            }
        }
        if (removed > 0) {
            write(raw.root);
        }
        return removed;
    }

    /**
     * Every read-modify-write holds the store's lock (across threads and processes, see {@link FileLocks}), so
     * parallel {@code exceptions create|delete|cleanup} never lose each other's changes.
     */
    private <T> T locked(java.util.function.Supplier<T> body) {
        try {
            return FileLocks.withLock(file, body::get);
        } catch (IOException e) {
            throw new ExceptionStoreException(file.toString(), "cannot lock exception store: " + e.getMessage(),
                    "a writable directory", e);
        }
    }

    // --- reading ---

    private static final class Raw {
        ObjectNode root = JSON.createObjectNode();
        boolean ignored;
        final List<String> warnings = new ArrayList<>();
    }

    private Raw readRaw() {
        Raw raw = new Raw();
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(file, MAX_BYTES);
        } catch (NoSuchFileException e) {
            return raw;
        } catch (BoundedFiles.RefusedFile e) {
            throw new ExceptionStoreException(file.toString(), "exception store " + e.problem(),
                    "a regular JSON file of at most " + MAX_BYTES + " bytes", e);
        } catch (IOException e) {
            throw new ExceptionStoreException(file.toString(), "cannot read exception store: " + e.getMessage(), "a readable file", e);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (IOException e) {
            tree = null;
        }
        String why = null;
        if (tree == null || !tree.isObject()) {
            why = "not a JSON object";
        } else if (tree.has("schema_version") && !tree.get("schema_version").canConvertToInt()) {
            why = "schema_version is not an integer";
        } else if (tree.has("exceptions") && !tree.get("exceptions").isArray()) {
            why = "'exceptions' is not a list";
        }
        if (why != null) {
            Path backup = backup();
            raw.warnings.add("Exception store " + file + " is corrupt (" + why + "); backed up to " + backup + " and treated as empty");
            return raw;
        }
        raw.root = (ObjectNode) tree;
        int version = tree.path("schema_version").asInt(SCHEMA_VERSION);
        if (version > SCHEMA_VERSION) {
            raw.ignored = true;
            raw.warnings.add("Exception store " + file + " has schema_version " + version
                    + ", newer than this scc understands (" + SCHEMA_VERSION + "); ignoring it");
        }
        return raw;
    }

    private List<LocalException> entries(Raw raw) {
        List<LocalException> out = new ArrayList<>();
        if (raw.ignored) {
            return out;
        }
        JsonNode list = raw.root.path("exceptions");
        for (int i = 0; i < list.size(); i++) {
            java.util.Optional<LocalException> e = toException(list.get(i));
            if (e.isPresent()) {
                out.add(e.get());
            } else {
                raw.warnings.add("Exception store " + file + ": entry " + i + " is malformed (needs id, expires_at and allow); skipped");
            }
        }
        return out;
    }

    private java.util.Optional<LocalException> toException(JsonNode e) {
        if (!e.isObject() || !e.path("id").isTextual() || !e.path("expires_at").isTextual()) {
            return java.util.Optional.empty();
        }
        JsonNode allow = e.path("allow");
        ExceptionScope scope = "policy".equals(e.path("scope").asText("local")) ? ExceptionScope.POLICY : ExceptionScope.LOCAL;
        return java.util.Optional.of(new LocalException(
                e.get("id").asText(),
                e.path("reason").asText(""),
                strings(allow.path("plugins")),
                strings(allow.path("mcp_servers")),
                e.get("expires_at").asText(),
                scope,
                kind,
                e.path("created_at").asText("")));
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr.isArray()) {
            arr.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }

    private Path backup() {
        String day = DAY.format(clock.instant());
        Path target = file.resolveSibling(file.getFileName() + ".bak-" + day);
        try {
            // Every read of a corrupt store lands here; reuse a backup with the same bytes instead of
            // piling up copies.
            for (int n = 1; Files.exists(target); n++) {
                if (Files.mismatch(file, target) == -1L) {
                    return target;
                }
                target = file.resolveSibling(file.getFileName() + ".bak-" + day + "-" + n);
            }
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new ExceptionStoreException(file.toString(), "corrupt exception store could not be backed up: " + e.getMessage(),
                    "a writable directory", e);
        }
        return target;
    }

    // --- writing ---

    private void requireWritable(Raw raw) {
        if (raw.ignored) {
            throw new ExceptionStoreException(file.toString(),
                    "exception store was written by a newer scc (schema_version " + raw.root.path("schema_version").asInt() + ")",
                    "schema_version " + SCHEMA_VERSION + "; upgrade scc or move the file away");
        }
    }

    private String newId(Instant now, ArrayNode existing) {
        String prefix = "local-" + DAY.format(now) + "-";
        for (int attempt = 0; attempt < 1000; attempt++) {
            String id = prefix + HexFormat.of().toHexDigits((short) random.nextInt(0x10000));
            boolean taken = false;
            for (JsonNode e : existing) {
                taken |= id.equals(e.path("id").asText(null));
            }
            if (!taken) {
                return id;
            }
        }
        throw new ExceptionStoreException(file.toString(), "no free exception id for " + DAY.format(now), "fewer than 65536 entries a day");
    }

    private void write(ObjectNode root) {
        root.put("schema_version", SCHEMA_VERSION);
        ArrayNode list = root.withArray("exceptions");
        List<JsonNode> sorted = new ArrayList<>();
        list.forEach(sorted::add);
        sorted.sort(Comparator.comparing((JsonNode e) -> e.path("created_at").asText(""))
                .thenComparing(e -> e.path("id").asText("")));
        list.removeAll();
        sorted.forEach(list::add);
        try {
            AtomicFiles.write(file, (render(root) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ExceptionStoreException(file.toString(), "cannot write exception store: " + e.getMessage(), "a writable directory", e);
        }
    }

    /** Sorted keys, two-space indent, {@code "key": value}, one array item per line. */
    static String render(JsonNode node) throws JsonProcessingException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        pp.indentObjectsWith(indenter);
        pp.indentArraysWith(indenter);
        return JSON.writer(pp).writeValueAsString(sortKeys(node));
    }

    private static JsonNode sortKeys(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), sortKeys(e.getValue())));
            ObjectNode out = JSON.createObjectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(sortKeys(n)));
            return out;
        }
        return node;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
