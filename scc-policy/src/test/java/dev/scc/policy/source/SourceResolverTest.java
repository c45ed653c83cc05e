package dev.scc.policy.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceResolverTest {
    @TempDir Path dir;

    private SourceResolver resolver() {
        return SourceResolver.of(dir.resolve("home"), dir.resolve("cwd"));
    }

    @Test
    void localPathsResolveAgainstWorkingDirAndHome() {
        assertThat(resolver().resolve("./org.json")).isEqualTo(new PolicySource.LocalFile(dir.resolve("cwd/org.json"), "./org.json"));
        assertThat(((PolicySource.LocalFile) resolver().resolve("../x/org.yaml")).path()).isEqualTo(dir.resolve("x/org.yaml"));
        assertThat(((PolicySource.LocalFile) resolver().resolve("~/org.json")).path()).isEqualTo(dir.resolve("home/org.json"));
        assertThat(((PolicySource.LocalFile) resolver().resolve("/etc/scc/org.json")).path()).isEqualTo(Path.of("/etc/scc/org.json"));
        assertThat(((PolicySource.LocalFile) resolver().resolve("file:conf/org.json")).path()).isEqualTo(dir.resolve("cwd/conf/org.json"));
        assertThat(((PolicySource.LocalFile) resolver().resolve("file:///srv/org.json")).path()).isEqualTo(Path.of("/srv/org.json"));
    }

    @Test
    void existingBarePathIsLocalEvenIfItLooksLikeAShorthand() throws IOException {
        Files.createDirectories(dir.resolve("cwd"));
        Files.writeString(dir.resolve("cwd/org.json"), "{}");
        assertThat(resolver().resolve("org.json")).isInstanceOf(PolicySource.LocalFile.class);
    }

    @Test
    void httpsUrlIsRemote() {
        PolicySource.Remote r = (PolicySource.Remote) resolver().resolve("https://cfg.example.com/org.json");
        assertThat(r.url().toString()).isEqualTo("https://cfg.example.com/org.json");
        assertThat(r.host()).isEqualTo(PolicySource.Host.OTHER);
    }

    @Test
    void githubShorthandMapsToRawUrl() {
        PolicySource.Remote r = (PolicySource.Remote) resolver().resolve("github:acme/policy@v2:org/config.yaml");
        assertThat(r.url().toString()).isEqualTo("https://raw.githubusercontent.com/acme/policy/v2/org/config.yaml");
        assertThat(r.host()).isEqualTo(PolicySource.Host.GITHUB);
        PolicySource.Remote head = (PolicySource.Remote) resolver().resolve("github:acme/policy:org.json");
        assertThat(head.url().toString()).isEqualTo("https://raw.githubusercontent.com/acme/policy/HEAD/org.json");
    }

    @Test
    void gitlabShorthandsMapToRawUrls() {
        PolicySource.Remote r = (PolicySource.Remote) resolver().resolve("gitlab:platform/sub/policy:org.json");
        assertThat(r.url().toString()).isEqualTo("https://gitlab.com/platform/sub/policy/-/raw/main/org.json");
        assertThat(r.host()).isEqualTo(PolicySource.Host.GITLAB);
        PolicySource.Remote custom = (PolicySource.Remote) resolver().resolve("git.corp.example:team/policy@prod:scc/org.json");
        assertThat(custom.url().toString()).isEqualTo("https://git.corp.example/team/policy/-/raw/prod/scc/org.json");
    }

    @Test
    void httpIsRejectedWithAReason() {
        assertThatThrownBy(() -> resolver().resolve("http://cfg.example.com/org.json"))
                .isInstanceOf(PolicySourceException.class).hasMessageContaining("HTTP is not allowed").hasMessageContaining("https://");
        assertThatThrownBy(() -> resolver().resolve("http://127.0.0.1:8080/org.json")).isInstanceOf(PolicySourceException.class);
    }

    @Test
    void loopbackHttpOnlyWithTheTestResolver() {
        PolicySource s = SourceResolver.forLoopbackTests(dir, dir).resolve("http://127.0.0.1:8080/org.json");
        assertThat(s).isInstanceOf(PolicySource.Remote.class);
        assertThatThrownBy(() -> SourceResolver.forLoopbackTests(dir, dir).resolve("http://cfg.example.com/org.json"))
                .isInstanceOf(PolicySourceException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"git@github.com:acme/policy.git", "ssh://git@github.com/acme/policy.git", "git://host/x"})
    void sshAndGitUrlsAreRejected(String source) {
        assertThatThrownBy(() -> resolver().resolve(source)).isInstanceOf(PolicySourceException.class).hasMessageContaining("not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "nonsense", "github:acme", "github:acme/policy:", "github:acme/policy:dir/", "gitlab:solo:org.json",
            "github:acme/policy:../../etc/passwd", "https://user:secret@cfg.example.com/org.json"})
    void malformedSourcesAreRejected(String source) {
        assertThatThrownBy(() -> resolver().resolve(source)).isInstanceOf(PolicySourceException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }
}
