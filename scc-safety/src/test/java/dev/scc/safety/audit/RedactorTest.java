package dev.scc.safety.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
    final Redactor r = new Redactor();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "git clone https://x:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r | ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "export GH=github_pat_11ABCDEFG0123456789_abcdefghijklmnop | github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
        "OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234 codex | sk-proj-abcdefghijklmnop1234",
        "ANTHROPIC=sk-ant-api03-abcdefghijklmnopqrstuv | sk-ant-api03-abcdefghijklmnopqrstuv",
        "curl -d token=xoxb-1234567890-abcdefghij https://slack.com | xoxb-1234567890-abcdefghij",
        "aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE | AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "curl -H 'Authorization: Basic dXNlcjpwYXNz' https://h | dXNlcjpwYXNz",
        "wget --header=Authorization: token abc123secret https://h | abc123secret",
        "curl https://h/?user=a&password=p4ssw0rd&x=1 | p4ssw0rd",
        "mysql --password hunter22 db | hunter22",
        "mysql --password=hunter22 db | hunter22",
        "git push https://bob:s3cretpw@example.com/r.git | s3cretpw",
        "curl -u alice:wonderland https://h | wonderland",
        "psql postgres://u:dbpass99@db:5432/x | dbpass99",
    })
    void knownSecretShapesAreRemoved(String command, String secret) {
        String out = r.redact(command);

        assertThat(out).doesNotContain(secret).contains(Redactor.MARK);
    }

    @Test
    void ordinaryCommandsAreLeftAlone() {
        String cmd = "git push --force-with-lease origin feature/x && curl -sS https://example.com/a?b=c";

        assertThat(r.redact(cmd)).isEqualTo(cmd);
    }

    @Test
    void urlUserIsKeptButItsPasswordIsNot() {
        assertThat(r.redact("https://bob:pw123@example.com/x")).isEqualTo("https://bob:[REDACTED]@example.com/x");
    }

    @Test
    void argvFlagsTakeTheirSecretFromTheNextElement() {
        assertThat(r.redactArgv(List.of("tool", "--token", "abc", "-u", "me:pw", "--password", "p", "file")))
                .containsExactly("tool", "--token", "[REDACTED]", "-u", "me:[REDACTED]", "--password", "[REDACTED]",
                        "file");
    }

    @Provide
    Arbitrary<String> tokens() {
        Arbitrary<String> body = Arbitraries.strings().alpha().numeric().ofMinLength(20).ofMaxLength(40);
        return Arbitraries.oneOf(
                body.map(b -> "ghp_" + b),
                body.map(b -> "sk-ant-" + b),
                body.map(b -> "xoxp-" + b),
                Arbitraries.strings().withCharRange('A', 'Z').numeric().ofLength(16).map(b -> "AKIA" + b));
    }

    @Property(tries = 300)
    void generatedTokensNeverSurviveInAnyPosition(@ForAll("tokens") String token,
            @ForAll("words") String before, @ForAll("words") String after) {
        String out = r.redact(before + " " + token + " " + after);

        assertThat(out).doesNotContain(token);
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.of("git push", "curl -sS", "echo", "env X=1", "--flag", "", "https://h/p");
    }
}
