package dev.scc.safety.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redactor: every writer and printer of records, logs and stored reasons passes its text through it (the
 * audit log's every string field, the sandbox evaluator's spool, {@code scc support safety-audit}, the reason of
 * {@code unblock} and {@code exceptions create}). It removes provider tokens (GitHub {@code ghp_}/{@code
 * github_pat_}, GitLab {@code glpat-}, {@code sk-}, Stripe {@code sk_live_}/{@code rk_live_}, Slack {@code xox*-},
 * Google {@code AIza}/{@code ya29.}, npm, PyPI, Hugging Face, SendGrid, DigitalOcean, Shopify), JWTs, AWS access key
 * ids and secret keys, {@code Authorization:} and API-key headers ({@code X-Api-Key:}, also as
 * {@code --header=X-Api-Key: v}), bearer tokens, the values of {@code *_API_KEY}/{@code *_TOKEN}/{@code
 * *_PASSWORD}/{@code *_SECRET} variables, {@code password=}/{@code token: v}-style parameters, secret query
 * parameters ({@code ?key=}), {@code --password x}, {@code -u user:pass} and MySQL's {@code -pPASS} arguments, URL
 * credentials ({@code user:pass@}, and a long user name alone: {@code https://TOKEN@host}), AWS secret access
 * keys on their own, and PEM private keys. Secrets become {@value #MARK}; everything else is kept so
 * the record stays useful. Over-redaction is accepted: a record that hides too much is safer than one that leaks.
 * Immutable and thread-safe.
 */
public final class Redactor {
    /** What a secret is replaced with. */
    public static final String MARK = "[REDACTED]";

    /** A value that is not already the mark. */
    private static final String VALUE = "(?!\\[REDACTED\\])";
    private static final String SECRET_WORDS = "password|passwd|pwd|pass|secret|token|api[_-]?key|apikey|access[_-]?token"
            + "|refresh[_-]?token|id[_-]?token|client[_-]?secret|auth[_-]?token|private[_-]?key|credentials?|session[_-]?key";

    private static final List<Rule> RULES = List.of(
            new Rule("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)", MARK),
            new Rule("(?i)\\b((?:proxy-)?authorization\\s*:\\s*)[^'\"\\n]+", "$1" + MARK),
            new Rule("(?i)\\b((?:x-)?(?:api[_-]?key|auth[_-]?token|access[_-]?token|goog-api-key|amz-security-token"
                    + "|private-token|vault-token|csrf-token)\\s*:\\s*)" + VALUE + "[^'\"\\s,;}]+", "$1" + MARK),
            new Rule("(?i)\\b((?:set-)?cookie\\s*:\\s*)[^'\"\\n]+", "$1" + MARK),
            new Rule("(?i)\\b(bearer\\s+)" + VALUE + "[A-Za-z0-9._~+/=-]{6,}", "$1" + MARK),
            new Rule("([A-Za-z][A-Za-z0-9+.-]*://)([^/\\s:@'\"]*):([^/\\s@'\"]+)@", "$1$2:" + MARK + "@"),
            // A long user name alone is a token (https://TOKEN@github.com); short ones (git@, me@) are names.
            new Rule("([A-Za-z][A-Za-z0-9+.-]*://)" + VALUE + "([^/\\s:@'\"]{16,})@", "$1" + MARK + "@"),
            // An AWS secret access key on its own: 40 characters of base64 with upper and lower case and a digit
            // (a git object id is lower-case hex; a path starts with '/' or has a dot).
            new Rule("(?<![A-Za-z0-9/+=._-])(?!/)(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])"
                    + "[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=._-])", MARK),
            new Rule("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*", MARK),
            new Rule("\\b(?:gh[pousr]_[A-Za-z0-9]{10,}|github_pat_[A-Za-z0-9_]{10,}|glpat-[A-Za-z0-9_-]{10,}"
                    + "|npm_[A-Za-z0-9]{20,}|pypi-[A-Za-z0-9_-]{20,}|hf_[A-Za-z0-9]{20,}|dop_v1_[a-f0-9]{20,}"
                    + "|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{20,}|SG\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"
                    + "|AIza[0-9A-Za-z_-]{30,}|ya29\\.[0-9A-Za-z_-]{20,}|(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}"
                    + "|whsec_[0-9A-Za-z]{20,})", MARK),
            new Rule("\\bsk-[A-Za-z0-9_-]{10,}", MARK),
            new Rule("\\bxox[abposre]-[A-Za-z0-9-]{6,}", MARK),
            new Rule("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b", MARK),
            new Rule("(?i)\\b(aws_secret_access_key\\s*[=:]\\s*)['\"]?[A-Za-z0-9/+=]+", "$1" + MARK),
            // Variables named for a secret, whatever their value looks like: FOO_API_KEY=v, "MY_TOKEN": "v".
            new Rule("(?i)(\\b[A-Z0-9_]*(?:API_?KEY|TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIALS?|PRIVATE_KEY|ACCESS_KEY)"
                    + "[A-Z0-9_]*['\"]?\\s*[=:]\\s*['\"]?)" + VALUE + "[^\\s'\"&;,}]+", "$1" + MARK),
            new Rule("(?i)((?:^|[\\s'\"])(?:-u|-U|--user|--proxy-user)(?:=|\\s+)?['\"]?[^\\s:'\"]*:)" + VALUE
                    + "[^\\s'\"]+", "$1" + MARK),
            new Rule("(?i)(--(?:password|passwd|pass|token|api-key|apikey|secret|client-secret|access-token|auth-token)"
                    + "(?:=|\\s+)['\"]?)" + VALUE + "[^\\s'\"]+", "$1" + MARK),
            new Rule("(?i)(\\b(?:" + SECRET_WORDS + ")\\s*[=:]\\s*['\"]?)" + VALUE + "[^&\\s'\";,}]+", "$1" + MARK),
            // Query parameters that carry keys: ?key=, &sig=, &access_token=.
            new Rule("(?i)([?&](?:key|api_key|apikey|token|access_token|auth|sig|signature|code|secret|password"
                    + "|x-amz-signature|x-amz-security-token)=)" + VALUE + "[^&\\s'\"#]+", "$1" + MARK));

    /** MySQL-family clients take the password glued to {@code -p}; elsewhere {@code -p} means other things. */
    private static final Pattern MYSQL = Pattern.compile("(?i)(?:^|[\\s/'\"])(?:mysql\\w*|mariadb\\w*|sshpass)(?:\\s|$|['\"])");
    private static final Pattern GLUED_P = Pattern.compile("((?:^|\\s)['\"]?-p)" + VALUE + "([^\\s'\"]+)");

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
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = text;
        for (String literal : literals) {
            s = s.replace(literal, MARK);
        }
        for (Rule r : RULES) {
            s = r.pattern.matcher(s).replaceAll(r.replacement);
        }
        if (MYSQL.matcher(s).find()) {
            s = GLUED_P.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MARK));
        }
        return s;
    }

    /** Redacts an argv, also where the secret is the element after a flag ({@code --password x}, {@code -u u:p}). */
    public List<String> redactArgv(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        boolean mysql = !argv.isEmpty() && MYSQL.matcher(" " + argv.get(0) + " ").find();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            String prev = i > 0 ? argv.get(i - 1).toLowerCase(Locale.ROOT) : "";
            if (SECRET_FLAGS.contains(prev)) {
                out.add(MARK);
            } else if (USER_FLAGS.contains(prev) && a.contains(":")) {
                out.add(a.substring(0, a.indexOf(':') + 1) + MARK);
            } else if (mysql && a.startsWith("-p") && a.length() > 2) {
                out.add("-p" + MARK);
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
