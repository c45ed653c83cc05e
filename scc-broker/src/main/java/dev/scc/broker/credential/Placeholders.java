package dev.scc.broker.credential;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Makes the placeholder the sandbox sees instead of a credential: shaped like the real thing, so clients that check
 * the format accept it, but random, so it is worth nothing outside the broker. Format-preserving: the well-known
 * prefix ({@code sk-ant-api03-}, {@code sk-ant-oat01-}, {@code sk-proj-}, {@code sk-}, {@code ghp_},
 * {@code github_pat_}, {@code glpat-}, …) is kept, every other character is replaced by a random one of the same
 * class (digit, lower case, upper case; separators such as {@code -} and {@code _} stay), and GitHub's classic tokens
 * get a valid CRC32 checksum in their last six characters. A placeholder never equals its credential.
 */
public final class Placeholders {
    /** Known prefixes, longest first so the most specific one wins. */
    static final List<String> PREFIXES = List.of("github_pat_", "sk-ant-api03-", "sk-ant-oat01-", "sk-ant-", "sk-proj-",
            "sk-svcacct-", "sk-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "glpat-", "xoxb-", "xoxp-");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final Random random;

    /** Placeholders from a cryptographically strong source (a placeholder must not be guessable). */
    public Placeholders() {
        this(new SecureRandom());
    }

    /** Placeholders from the given source (tests). */
    public Placeholders(Random random) {
        this.random = random;
    }

    /** The known prefix of {@code value}, or {@code ""}. */
    public static String prefixOf(String value) {
        for (String p : PREFIXES) {
            if (value.startsWith(p) && value.length() > p.length()) {
                return p;
            }
        }
        return "";
    }

    /** A fresh placeholder shaped like {@code real}. */
    public String shapedLike(Secret real) {
        String value = real.reveal();
        String prefix = prefixOf(value);
        if (value.substring(prefix.length()).chars().noneMatch(Character::isLetterOrDigit)) {
            throw new CredentialException(real.name(), "credential '" + real.name() + "' has no letters or digits"
                    + " after its prefix; it cannot be a real credential. Check its source.");
        }
        while (true) {
            StringBuilder b = new StringBuilder(value.length()).append(prefix);
            for (int i = prefix.length(); i < value.length(); i++) {
                b.append(randomLike(value.charAt(i)));
            }
            String candidate = b.toString();
            if (isGithubClassic(candidate)) {
                candidate = withGithubChecksum(candidate);
            }
            if (!candidate.equals(value)) {
                return candidate;
            }
        }
    }

    private char randomLike(char c) {
        if (c >= '0' && c <= '9') {
            return (char) ('0' + random.nextInt(10));
        }
        if (c >= 'a' && c <= 'z') {
            return (char) ('a' + random.nextInt(26));
        }
        if (c >= 'A' && c <= 'Z') {
            return (char) ('A' + random.nextInt(26));
        }
        return c;
    }

    /** {@code gh?_} + 30 random base62 characters + a 6-character base62 CRC32 of those 30. */
    static boolean isGithubClassic(String token) {
        return token.length() == 40 && token.matches("gh[pousr]_[A-Za-z0-9]{36}");
    }

    /** Replaces the last six characters with the checksum GitHub's token scanners verify. */
    static String withGithubChecksum(String token) {
        String body = token.substring(4, 34);
        return token.substring(0, 34) + githubChecksum(body);
    }

    static String githubChecksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }
}
