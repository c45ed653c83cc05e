package dev.scc.core.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void starCrossesSlashAndAt() {
        assertThat(Glob.matches("a/b@c", "a*c")).isTrue();
    }

    @Test
    void matchingIgnoresCaseAndSurroundingWhitespace() {
        assertThat(Glob.matches("Evil-Plugin", "  EVIL-*  ")).isTrue();
        assertThat(Glob.firstMatch("Evil-Plugin", List.of("good", "  EVIL-*  "))).contains("  EVIL-*  ");
    }

    @Test
    void bracketClassesAndNegation() {
        assertThat(Glob.matches("a1", "a[0-9]")).isTrue();
        assertThat(Glob.matches("ax", "a[!0-9]")).isTrue();
        assertThat(Glob.matches("a1", "a[!0-9]")).isFalse();
    }

    @Test
    void unclosedBracketIsLiteral() {
        assertThat(Glob.matches("a[b", "a[b")).isTrue();
        assertThat(Glob.matches("ab", "a[b")).isFalse();
    }

    @Test
    void regexMetacharactersAreLiteral() {
        assertThat(Glob.matches("a.b", "a.b")).isTrue();
        assertThat(Glob.matches("axb", "a.b")).isFalse();
        assertThat(Glob.matches("(x)+", "(x)+")).isTrue();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        assertThat(Glob.matches("ab", "a?")).isTrue();
        assertThat(Glob.matches("a", "a?")).isFalse();
    }

    @Test
    void exceptionMatchingIsCaseSensitive() {
        assertThat(Glob.matchesCaseSensitive("Tool", "tool")).isFalse();
        assertThat(Glob.matchesCaseSensitive("tool-x", "tool-*")).isTrue();
    }

    @Property
    void everyStringMatchesItselfWhenItHasNoGlobCharacters(@ForAll String s) {
        String literal = s.replaceAll("[*?\\[\\]]", "");
        assertThat(Glob.matches(literal, literal)).isTrue();
    }

    @Property
    void anyPatternNeverThrows(@ForAll String text, @ForAll String pattern) {
        Glob.matches(text, pattern);
    }
}
