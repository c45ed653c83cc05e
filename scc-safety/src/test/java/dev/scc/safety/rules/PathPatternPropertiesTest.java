package dev.scc.safety.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Path globs agree with a plain regular-expression reading of the same glob, on generated globs and paths. */
class PathPatternPropertiesTest {
    @Provide
    Arbitrary<List<String>> globSegments() {
        return Arbitraries.of("**", "*", "a", "b", "*.pem", ".env", "a*", "*b").list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<String>> pathNames() {
        return Arbitraries.of("a", "b", "ab", "x.pem", ".env", "ba", "c").list().ofMaxSize(6);
    }

    /** The reference: ** is any number of whole names, * any run of characters within one name. */
    private static boolean reference(List<String> glob, String path) {
        StringBuilder re = new StringBuilder();
        for (String seg : glob) {
            if (seg.equals("**")) {
                re.append("(/[^/]+)*");
            } else {
                re.append('/');
                for (char c : seg.toCharArray()) {
                    re.append(c == '*' ? "[^/]*" : Pattern.quote(String.valueOf(c)));
                }
            }
        }
        return Pattern.matches(re.toString(), path);
    }

    @Property(tries = 2000)
    void aGlobMatchesExactlyWhatItsRegularExpressionReadingMatches(@ForAll("globSegments") List<String> glob,
            @ForAll("pathNames") List<String> names) {
        String path = "/" + String.join("/", names);
        PathPattern p = PathPattern.parse(ActionKind.FILE_READ, (glob.get(0).equals("**") ? "" : "/") + String.join("/", glob));
        // the reference reads names as "/name" each, so the root (no names) is the empty string
        String names0 = names.isEmpty() ? "" : path;
        assertThat(p.matches(new Action.FileRead(path))).as(p.text() + " vs " + path).isEqualTo(reference(glob, names0));
    }
}
