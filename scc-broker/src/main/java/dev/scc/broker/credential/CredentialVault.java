package dev.scc.broker.credential;

import dev.scc.safety.audit.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials one broker holds, each with the placeholder the sandbox sees in its place. Built once at launch on
 * the host ({@link #read}); all-or-nothing: if any source fails, nothing is returned and the launch stops with the
 * first failure's message. Also the redaction hook: {@link #redactor()} removes every credential and placeholder
 * from text bound for logs and the audit log.
 */
public final class CredentialVault {
    private final Map<String, Entry> byName;

    /** One credential and its placeholder. */
    public record Entry(Secret secret, String placeholder) {}

    private CredentialVault(Map<String, Entry> byName) {
        this.byName = Map.copyOf(byName);
    }

    /**
     * Reads every source (in the given order) and makes a placeholder for each.
     *
     * @throws CredentialException for the first source that fails; no secret is kept
     */
    public static CredentialVault read(Map<String, CredentialSource> sources, Map<String, String> env,
            Placeholders placeholders) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, CredentialSource> e : sources.entrySet()) {
            Secret s = e.getValue().read(e.getKey(), env);
            out.put(e.getKey(), new Entry(s, placeholders.shapedLike(s)));
        }
        return new CredentialVault(out);
    }

    /** A vault over already-read entries (tests, embedders). */
    public static CredentialVault of(Map<String, Entry> entries) {
        return new CredentialVault(entries);
    }

    public Optional<Entry> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The credential names, never their values. */
    public List<String> names() {
        return List.copyOf(new java.util.TreeSet<>(byName.keySet()));
    }

    /** What the sandbox may see: credential name to placeholder. */
    public Map<String, String> placeholders() {
        Map<String, String> m = new LinkedHashMap<>();
        byName.forEach((k, v) -> m.put(k, v.placeholder()));
        return m;
    }

    /** The audit redactor extended with every credential value and placeholder held here. */
    public Redactor redactor() {
        List<String> literals = new ArrayList<>();
        byName.values().forEach(e -> {
            literals.add(e.secret().reveal());
            literals.add(e.placeholder());
        });
        return new Redactor().withLiterals(literals);
    }

    @Override
    public String toString() {
        return "CredentialVault" + names();
    }
}
