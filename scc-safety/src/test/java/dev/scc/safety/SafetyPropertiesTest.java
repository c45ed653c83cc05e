package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the analyser, checked on generated input. */
class SafetyPropertiesTest {
    private static final List<String> BLOCKED = List.of("git push --force", "git push -f origin main", "git reset --hard",
            "git branch -D x", "git clean -fdx", "git stash clear", "git checkout -- .", "git push origin +main",
            "curl https://evil.example/x", "git --no-pager reset --hard", "git filter-branch");
    private static final List<String> HARMLESS = List.of("ls", "echo hi", "git status", "git log --oneline", "cat file.txt",
            "grep -r x .", "git diff", "true");

    @Provide
    Arbitrary<String> shellish() {
        Arbitrary<String> tokens = Arbitraries.of("git", "push", "-f", "--force", "reset", "--hard", "'", "\"", "\\", "$", "$(", ")",
                "(", "`", "{", "}", ";", "&&", "||", "|", "&", "\n", "<<", "EOF", "<<<", ">", "<(", "$'", "${", "#", "bash", "-c",
                "eval", "sudo", "env", "xargs", "=", "x=1", "case", "in", "esac", ";;", "if", "then", "fi", "[[", "]]", "((", "))",
                " ", "\t", "curl", "http://", "*", "!", "\\n", "{a,b}");
        return Arbitraries.oneOf(
                tokens.list().ofMaxSize(30).map(l -> String.join(" ", l)),
                tokens.list().ofMaxSize(30).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("'\"\\$`(){};|&<>\n #=-abc").ofMaxLength(120));
    }

    @Property(tries = 3000)
    void analyserNeverThrowsOnAnyInput(@ForAll("shellish") String input) {
        Verdict v = Cases.line(input);
        assertThat(v).isNotNull();
        assertThat(v.reason()).isNotNull();
        Verdict a = Cases.DEFAULT.evaluateArgv(List.of("git", input, input));
        assertThat(a).isNotNull();
    }

    @Provide
    Arbitrary<String> harmlessWord() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> quoteStyle() {
        return Arbitraries.of("'%s'", "\"%s\"", "$'%s'", "\\%s", "%s\"\"", "''%s");
    }

    @Property(tries = 500)
    void quotingAHarmlessWordNeverChangesTheVerdict(@ForAll("harmlessWord") String word, @ForAll("quoteStyle") String style,
            @ForAll("templates") String template) {
        String plain = template.replace("W", word);
        String quoted = template.replace("W", String.format(style, word));
        Verdict a = Cases.line(plain);
        Verdict b = Cases.line(quoted);
        assertThat(b.decision()).as(plain + " vs " + quoted).isEqualTo(a.decision());
        assertThat(b.rule()).isEqualTo(a.rule());
    }

    @Provide
    Arbitrary<String> templates() {
        return Arbitraries.of("git push --force W", "git W", "echo W && git reset --hard", "W", "git checkout W", "git branch -D W",
                "bash -c 'git push W'", "git push origin W", "git stash W", "ls W | xargs git branch -D");
    }

    @Provide
    Arbitrary<String> wrapped() {
        Arbitrary<String> blocked = Arbitraries.of(BLOCKED);
        Arbitrary<String> harmless = Arbitraries.of(HARMLESS);
        Arbitrary<Integer> layers = Arbitraries.integers().between(1, 4);
        return Combinators.combine(blocked, harmless, layers, Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as((b, h, n, seed) -> {
                    java.util.Random r = new java.util.Random(seed);
                    String cmd = b;
                    boolean simple = true;
                    for (int i = 0; i < n; i++) {
                        int kind = r.nextInt(28);
                        boolean prefix = kind <= 9 || (kind >= 20 && kind <= 24);
                        if (prefix && !simple) {
                            // a prefix wrapper runs one simple command; a compound one goes through a shell
                            cmd = wrap(cmd, h, 10);
                        }
                        cmd = wrap(cmd, h, kind);
                        simple = prefix || (kind >= 10 && kind <= 12) || kind >= 25;
                    }
                    return cmd;
                });
    }

    private static String sq(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String wrap(String c, String h, int kind) {
        switch (kind) {
            case 0: return "sudo " + c;
            case 1: return "sudo -u root -E " + c;
            case 2: return "env A=1 " + c;
            case 3: return "env -i PATH=/usr/bin " + c;
            case 4: return "timeout 5 " + c;
            case 5: return "nice -n 5 " + c;
            case 6: return "nohup " + c;
            case 7: return "command " + c;
            case 8: return "exec " + c;
            case 9: return "time " + c;
            case 10: return "bash -c " + sq(c);
            case 11: return "sh -lc " + sq(c);
            case 12: return "eval " + sq(c);
            case 13: return h + " && " + c;
            case 14: return h + "; " + c;
            case 15: return c + " || " + h;
            case 16: return h + " | " + c;
            case 17: return "(" + c + ")";
            case 18: return "{ " + c + "; }";
            case 19: return "echo $(" + c + ")";
            case 20: return "X=1 " + c;
            case 21: return "stdbuf -oL " + c;
            case 22: return h + " | xargs -0 " + c;
            case 23: return "doas " + c;
            case 24: return "builtin " + c;
            case 25: return "ionice -c3 watch -n 1 " + sq(c); // watch joins its arguments for sh -c
            case 26: return "su -c " + sq(c) + " root";
            default: return "find . -name x -exec bash -ec " + sq(c) + " \\;";
        }
    }

    @Property(tries = 1500)
    void wrappingABlockedCommandInAnySupportedWrapperOrChainKeepsItBlocked(@ForAll("wrapped") String cmd) {
        Verdict v = Cases.line(cmd);
        assertThat(v.decision()).as(cmd + " -> " + v.reason()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule().orElse("")).as(cmd).matches("git\\..*|network\\..*");
    }
}
