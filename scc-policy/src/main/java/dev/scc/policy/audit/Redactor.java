package dev.scc.policy.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from recorded commands before they are written: provider tokens (GitHub
 * {@code ghp_}/{@code github_pat_}, {@code sk-}, Slack {@code xox*-}), AWS access key ids and
 * secret keys, {@code Authorization:} headers and bearer tokens, {@code password=}-style parameters,
 * {@code --password x} and {@code -u user:pass} arguments, URL credentials ({@code user:pass@})
 * and PEM private keys. Secrets become {@value #MARK}; everything else is kept so the record stays
 * useful. Over-redaction is accepted: a record that hides too much is safer than one that leaks.
 * Immutable and thread-safe.
 */
public final class Redactor {
    /** What a secret is replaced with. */
    public static final String MARK = "[REDACTED]";

    private static final List<Rule> RULES = List.of(
            new Rule("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
                    MARK),
            new Rule("(?i)\\b((?:proxy-)?authorization\\s*:\\s*)[^'\"\\n]+", "$1" + MARK),
            new Rule("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{6,}", "$1" + MARK),
            new Rule("([A-Za-z][A-Za-z0-9+.-]*://)([^/\\s:@'\"]*):([^/\\s@'\"]+)@", "$1$2:" + MARK + "@"),
            new Rule("\\b(?:gh[pousr]_[A-Za-z0-9]{10,}|github_pat_[A-Za-z0-9_]{10,})", MARK),
            new Rule("\\bsk-[A-Za-z0-9_-]{10,}", MARK),
            new Rule("\\bxox[abposre]-[A-Za-z0-9-]{6,}", MARK),
            new Rule("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b", MARK),
            new Rule("(?i)\\b(aws_secret_access_key\\s*[=:]\\s*)['\"]?[A-Za-z0-9/+=]+", "$1" + MARK),
            new Rule("(?i)((?:^|\\s)(?:-u|-U|--user|--proxy-user)(?:=|\\s+)[^\\s:'\"]*:)(?!\\[REDACTED\\])[^\\s'\"]+",
                    "$1" + MARK),
            new Rule("(?i)(--(?:password|passwd|pass|token|api-key|apikey|secret|client-secret|access-token|auth-token)"
                    + "(?:=|\\s+))(?!\\[REDACTED\\])[^\\s'\"]+", "$1" + MARK),
            new Rule("(?i)(\\b(?:password|passwd|pwd|pass|secret|token|api[_-]?key|access[_-]?token|client[_-]?secret"
                    + "|auth[_-]?token)\\s*=\\s*)(?!\\[REDACTED\\])[^&\\s'\";]+", "$1" + MARK));

    /** Flags whose next argv element is a secret. */
    private static final Set<String> SECRET_FLAGS = Set.of("--password", "--passwd", "--pass", "--token", "--api-key",
            "--apikey", "--secret", "--client-secret", "--access-token", "--auth-token");
    /** Flags whose next argv element is {@code user:password}. */
    private static final Set<String> USER_FLAGS = Set.of("-u", "--user", "--proxy-user", "-U");

    /** Exact values that are secrets wherever they appear (e.g. the credentials a broker holds). */
    private final List<String> literals;

    /** A redactor for the well-known secret shapes only. */
    public Redactor() {
        this.literals = List.of();
    }

    private Redactor(List<String> literals) {
        this.literals = literals;
    }

    /**
     * This redactor plus exact {@code values} that are secrets whatever their shape (a credential broker passes the
     * credentials it holds and their placeholders, so neither can reach a log). Values shorter than 4 characters are
     * ignored (they would redact ordinary text).
     */
    public Redactor withLiterals(java.util.Collection<String> values) {
        List<String> all = new ArrayList<>(literals);
        values.stream().filter(v -> v.length() >= 4).forEach(all::add);
        // Longest first, so a value that contains another is removed whole.
        all.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return new Redactor(List.copyOf(all));
    }

    /** Redacts secrets inside one string. */
    public String redact(String text) {
        String s = text;
        for (String literal : literals) {
            s = s.replace(literal, MARK);
        }
        for (Rule r : RULES) {
            s = r.pattern.matcher(s).replaceAll(r.replacement);
        }
        return s;
    }

    /** Redacts an argv, also where the secret is the element after a flag ({@code --password x}, {@code -u u:p}). */
    public List<String> redactArgv(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            String prev = i > 0 ? argv.get(i - 1).toLowerCase(Locale.ROOT) : "";
            if (SECRET_FLAGS.contains(prev)) {
                out.add(MARK);
            } else if (USER_FLAGS.contains(prev) && a.contains(":")) {
                out.add(a.substring(0, a.indexOf(':') + 1) + MARK);
            } else {
                out.add(redact(a));
            }
        }
        return List.copyOf(out);
    }

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }
}
