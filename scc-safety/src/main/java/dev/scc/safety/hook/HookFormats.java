package dev.scc.safety.hook;

import dev.scc.safety.internal.json.MiniJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hook formats a sandbox declares, by provider id: the file SCC writes at {@value #PATH} from the provider modules'
 * declarations ({@code AgentProvider.hookFormat()}), e.g.
 * {@code {"claude": {"label": "Claude", "shell_tools": ["Bash"]}}}. A sandbox without the file (one launched by an
 * older SCC, a test) judges a well-formed id with {@link #fallback}: the shell tools known before formats were
 * declared, so no command that was judged before goes unjudged.
 */
public final class HookFormats {
    /** Where SCC places the formats inside the sandbox (root-owned, read-only to the agent). */
    public static final String PATH = "/etc/scc/hook-formats.json";
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final Map<String, HookAdaptor.Format> declared;
    private final boolean refuseAll;

    private HookFormats(Map<String, HookAdaptor.Format> declared, boolean refuseAll) {
        this.declared = Map.copyOf(declared);
        this.refuseAll = refuseAll;
    }

    /** A sandbox whose formats file is unreadable: every hook call is blocked (fail closed). */
    public static HookFormats refusingAll() {
        return new HookFormats(Map.of(), true);
    }

    /** Exactly these formats. */
    public static HookFormats of(List<HookAdaptor.Format> formats) {
        Map<String, HookAdaptor.Format> m = new LinkedHashMap<>();
        formats.forEach(f -> m.put(f.id(), f));
        return new HookFormats(m, false);
    }

    /** No declared formats: every well-formed id gets {@link #fallback}. */
    public static HookFormats none() {
        return new HookFormats(Map.of(), false);
    }

    /**
     * The formats in {@code file}; none when it does not exist. A file that exists but cannot be read as formats is an
     * error (the caller blocks every hook call rather than guess).
     */
    public static HookFormats load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return none();
        }
        return parse(text, file.toString());
    }

    /** Parses the formats document; {@code name} is used in errors. */
    public static HookFormats parse(String text, String name) throws IOException {
        Object doc;
        try {
            doc = MiniJson.parse(text);
        } catch (MiniJson.JsonException e) {
            throw new IOException(name + ": not JSON (" + e.getMessage() + ")");
        }
        if (!(doc instanceof Map<?, ?> root)) {
            throw new IOException(name + ": expected an object of provider id -> format");
        }
        List<HookAdaptor.Format> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : root.entrySet()) {
            String id = String.valueOf(e.getKey());
            if (!ID.matcher(id).matches() || !(e.getValue() instanceof Map<?, ?> f)
                    || !(f.get("label") instanceof String label) || !(f.get("shell_tools") instanceof List<?> tools)
                    || tools.stream().anyMatch(t -> !(t instanceof String))) {
                throw new IOException(name + ": $." + id + ": expected {\"label\": string, \"shell_tools\": [string]}"
                        + " under a provider id [a-z][a-z0-9-]*");
            }
            out.add(new HookAdaptor.Format(id, label, tools.stream().map(String.class::cast).toList()));
        }
        return of(out);
    }

    /**
     * The format for a hook called with {@code id}: the declared one; with nothing declared, {@link #fallback}; empty
     * when formats are declared and {@code id} is not among them, or the id is malformed (the hook then blocks).
     */
    public Optional<HookAdaptor.Format> find(String id) {
        if (refuseAll) {
            return Optional.empty();
        }
        if (!declared.isEmpty()) {
            return Optional.ofNullable(declared.get(id));
        }
        return fallback(id);
    }

    /** The format of a sandbox that declares none: the id's label capitalised, the previously known shell tools. */
    public static Optional<HookAdaptor.Format> fallback(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return Optional.of(new HookAdaptor.Format(id, Character.toUpperCase(id.charAt(0)) + id.substring(1),
                HookAdaptor.Format.KNOWN_SHELL_TOOLS));
    }

    /** The document {@link #parse} reads, for these formats (what SCC writes into the sandbox). */
    public static String render(List<HookAdaptor.Format> formats) {
        StringBuilder sb = new StringBuilder("{");
        for (HookAdaptor.Format f : formats) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            MiniJson.quote(sb, f.id()).append(":{\"label\":");
            MiniJson.quote(sb, f.label()).append(",\"shell_tools\":[");
            for (int i = 0; i < f.shellTools().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                MiniJson.quote(sb, f.shellTools().get(i));
            }
            sb.append("]}");
        }
        return sb.append("}\n").toString();
    }
}
