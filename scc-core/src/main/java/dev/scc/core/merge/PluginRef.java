package dev.scc.core.merge;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Plugin references and their matching. Canonical form is {@code name@marketplace}; {@code @mkt/name} is
 * rewritten, a bare name resolves to the org's only marketplace (or {@code claude-plugins-official} when it has
 * none) and is ambiguous otherwise.
 */
public final class PluginRef {
    /** The marketplace Claude Code knows without configuration. */
    public static final String IMPLICIT_MARKETPLACE = "claude-plugins-official";

    private PluginRef() {}

    /** The canonical ref, or a reason why the ref cannot be canonicalised. */
    public static Result canonicalise(String ref, Collection<String> orgMarketplaces) {
        String r = ref == null ? "" : ref.strip();
        if (r.isEmpty()) {
            return Result.invalid("empty plugin reference");
        }
        if (r.contains("@@")) {
            return Result.invalid("plugin reference '" + r + "' contains '@@'");
        }
        if (r.startsWith("@")) {
            int slash = r.indexOf('/');
            if (slash < 2 || slash == r.length() - 1) {
                return Result.invalid("plugin reference '" + r + "' is not of the form @marketplace/name");
            }
            return Result.ok(r.substring(slash + 1) + "@" + r.substring(1, slash));
        }
        int at = r.indexOf('@');
        if (at >= 0) {
            if (at == 0 || at == r.length() - 1) {
                return Result.invalid("plugin reference '" + r + "' needs both name and marketplace");
            }
            return Result.ok(r);
        }
        if (orgMarketplaces.isEmpty()) {
            return Result.ok(r + "@" + IMPLICIT_MARKETPLACE);
        }
        if (orgMarketplaces.size() == 1) {
            return Result.ok(r + "@" + orgMarketplaces.iterator().next());
        }
        return Result.invalid("plugin reference '" + r + "' is ambiguous: the org defines several marketplaces "
                + orgMarketplaces.stream().sorted().toList() + "; write it as " + r + "@<marketplace>");
    }

    /** The marketplace part of a canonical ref. */
    public static String marketplace(String canonical) {
        return canonical.substring(canonical.indexOf('@') + 1);
    }

    /**
     * The reference's {@code matches_pattern}: a pattern without {@code @} matches only the name part of a ref
     * that has one; otherwise the whole ref. Case-insensitive, whitespace-trimmed.
     */
    public static boolean matches(String ref, String pattern) {
        String r = Glob.fold(ref);
        String p = Glob.fold(pattern);
        if (r.isEmpty() || p.isEmpty()) {
            return false;
        }
        if (!p.contains("@") && r.contains("@")) {
            r = r.substring(0, r.indexOf('@'));
        }
        return Glob.matches(r, p);
    }

    /** The first matching pattern, original text. */
    public static Optional<String> firstMatch(String ref, List<String> patterns) {
        for (String p : patterns) {
            if (matches(ref, p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Outcome of canonicalisation. */
    public record Result(Optional<String> canonical, String problem) {
        static Result ok(String c) {
            return new Result(Optional.of(c), "");
        }

        static Result invalid(String why) {
            return new Result(Optional.empty(), why);
        }
    }
}
