package dev.scc.broker.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Provide
    Arbitrary<String> credentials() {
        Arbitrary<String> prefix = Arbitraries.oneOf(Arbitraries.of(Placeholders.PREFIXES), Arbitraries.just(""));
        Arbitrary<String> body = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
                .ofMinLength(8).ofMaxLength(120).filter(b -> b.chars().anyMatch(Character::isLetterOrDigit));
        return Combinators.combine(prefix, body).as((p, b) -> p + b);
    }

    @Property(tries = 500)
    void placeholderHasTheCredentialsShapeButNeverItsValue(@ForAll("credentials") String real, @ForAll long seed) {
        String p = new Placeholders(new Random(seed)).shapedLike(new Secret("k", real));

        assertThat(p).isNotEqualTo(real).hasSameSizeAs(real);
        assertThat(p).startsWith(Placeholders.prefixOf(real));
        // A GitHub classic-format token ends in a base62 checksum of its body, which the placeholder recomputes
        // (githubClassicTokenPlaceholdersCarryAValidChecksum): those six characters may change class.
        int shaped = real.matches("gh[pousr]_[A-Za-z0-9]{36}") ? 34 : real.length();
        for (int i = 0; i < shaped; i++) {
            assertThat(charClass(p.charAt(i))).as("class at %d of %s / %s", i, real, p).isEqualTo(charClass(real.charAt(i)));
        }
    }

    @Property(tries = 200)
    void githubClassicTokenPlaceholdersCarryAValidChecksum(@ForAll long seed) {
        String real = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5" + Placeholders.githubChecksum("A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5");
        String p = new Placeholders(new Random(seed)).shapedLike(new Secret("gh", real));

        assertThat(p).startsWith("ghp_").hasSize(40);
        assertThat(p.substring(34)).isEqualTo(Placeholders.githubChecksum(p.substring(4, 34)));
    }

    @Test
    void checksumMatchesGithubsBase62Crc32() {
        // CRC32("") = 0 -> six base62 zeros; CRC32("a") = 0xe8b7be43 = 3904355907.
        assertThat(Placeholders.githubChecksum("")).isEqualTo("000000");
        assertThat(Placeholders.githubChecksum("a")).isEqualTo(base62(3904355907L));
    }

    @Test
    void credentialWithNothingToVaryIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Placeholders().shapedLike(new Secret("k", "sk-----")))
                .isInstanceOf(CredentialException.class).hasMessageContaining("no letters or digits");
    }

    @Test
    void knownPrefixesAreKept() {
        Placeholders p = new Placeholders();
        assertThat(p.shapedLike(new Secret("a", "sk-ant-api03-abcDEF123-xyz"))).startsWith("sk-ant-api03-");
        assertThat(p.shapedLike(new Secret("o", "sk-proj-abcdefABCDEF0123"))).startsWith("sk-proj-");
        assertThat(p.shapedLike(new Secret("g", "github_pat_11ABCDEFG0abcdefghij_XYZ"))).startsWith("github_pat_")
                .contains("_");
    }

    private static String base62(long v) {
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = digits.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }

    private static int charClass(char c) {
        return Character.isDigit(c) ? 1 : Character.isLowerCase(c) ? 2 : Character.isUpperCase(c) ? 3 : c;
    }
}
