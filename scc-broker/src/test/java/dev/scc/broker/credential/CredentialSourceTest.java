package dev.scc.broker.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialSourceTest {
    static final String SECRET = "sk-ant-api03-verysecretvalue0123456789";
    static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "KEY", SECRET, "BLANK", "  ");

    @TempDir
    Path tmp;

    @Test
    void environmentVariableIsReadAndTrimmed() {
        assertThat(new CredentialSource.Env("KEY").read("anthropic", ENV).reveal()).isEqualTo(SECRET);
    }

    @Test
    void missingVariableNamesTheVariableAndTheFix() {
        assertThatThrownBy(() -> new CredentialSource.Env("NOPE").read("anthropic", ENV))
                .isInstanceOf(CredentialException.class)
                .hasMessage("credential 'anthropic': environment variable NOPE is not set. Export it on the host before"
                        + " `scc start`, or configure another source.");
    }

    @Test
    void blankVariableIsAnError() {
        assertThatThrownBy(() -> new CredentialSource.Env("BLANK").read("anthropic", ENV))
                .hasMessageContaining("environment variable BLANK is empty");
    }

    @Test
    void fileContentIsTheCredential() throws Exception {
        Path f = Files.writeString(tmp.resolve("key"), SECRET + "\n");
        assertThat(new CredentialSource.File(f).read("k", ENV).reveal()).isEqualTo(SECRET);
    }

    @Test
    void emptyFileAndMissingFileAreErrorsNamingTheFile() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        assertThatThrownBy(() -> new CredentialSource.File(empty).read("k", ENV))
                .hasMessage("credential 'k': file " + empty + " is empty.");
        assertThatThrownBy(() -> new CredentialSource.File(tmp.resolve("gone")).read("k", ENV))
                .hasMessage("credential 'k': file " + tmp.resolve("gone") + " does not exist.");
    }

    @Test
    void multiLineValueIsRefusedWithoutShowingIt() throws Exception {
        Path f = Files.writeString(tmp.resolve("two"), SECRET + "\nsecond-line-secret\n");
        assertThatThrownBy(() -> new CredentialSource.File(f).read("k", ENV))
                .hasMessageContaining("spans several lines").message().doesNotContain(SECRET)
                .doesNotContain("second-line-secret");
    }

    @Test
    void commandOutputIsTheCredential() {
        CredentialSource s = new CredentialSource.Command(List.of("printf", "%s\\n", SECRET), Duration.ofSeconds(10));
        assertThat(s.read("k", ENV).reveal()).isEqualTo(SECRET);
    }

    @Test
    void failingCommandShowsItsStatusButNeverTheSecretItPrinted() {
        CredentialSource s = new CredentialSource.Command(List.of("sh", "-c",
                "echo " + SECRET + "; echo \"error: vault locked, token " + SECRET + "\" >&2; exit 3"),
                Duration.ofSeconds(10));
        assertThatThrownBy(() -> s.read("k", ENV)).isInstanceOf(CredentialException.class)
                .hasMessageContaining("command sh exited with status 3")
                .hasMessageContaining("vault locked")
                .message().doesNotContain(SECRET);
    }

    @Test
    void commandThatPrintsNothingIsAnError() {
        CredentialSource s = new CredentialSource.Command(List.of("true"), Duration.ofSeconds(10));
        assertThatThrownBy(() -> s.read("k", ENV)).hasMessage("credential 'k': command true printed nothing.");
    }

    @Test
    void missingProgramIsAnErrorNamingIt() {
        CredentialSource s = new CredentialSource.Command(List.of("/nonexistent/op", "read"), Duration.ofSeconds(10));
        assertThatThrownBy(() -> s.read("k", ENV)).hasMessageStartingWith("credential 'k': cannot run /nonexistent/op");
    }

    @Test
    void hangingCommandTimesOut() {
        CredentialSource s = new CredentialSource.Command(List.of("sleep", "30"), Duration.ofMillis(300));
        assertThatThrownBy(() -> s.read("k", ENV)).hasMessage("credential 'k': command sleep did not finish within 0 s.");
    }

    @Test
    void secretToStringNeverShowsTheValue() {
        assertThat(new Secret("k", SECRET).toString()).isEqualTo("Secret[k, " + SECRET.length() + " chars]");
    }

    @Test
    void vaultReadIsAllOrNothingAndItsRedactorHidesValuesAndPlaceholders() {
        var sources = new java.util.LinkedHashMap<String, CredentialSource>();
        sources.put("a", new CredentialSource.Env("KEY"));
        CredentialVault v = CredentialVault.read(sources, ENV, new Placeholders());
        String placeholder = v.get("a").orElseThrow().placeholder();
        assertThat(v.redactor().redact("x " + SECRET + " y " + placeholder)).isEqualTo("x [REDACTED] y [REDACTED]");
        assertThat(v.toString()).isEqualTo("CredentialVault[a]");

        sources.put("b", new CredentialSource.Env("MISSING"));
        assertThatThrownBy(() -> CredentialVault.read(sources, ENV, new Placeholders()))
                .hasMessageContaining("MISSING").message().doesNotContain(SECRET);
    }
}
