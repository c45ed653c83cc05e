package dev.scc.cli.commands.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OrgSourceTest {
    private static final Path CWD = Path.of("/work/here");
    private static final Path HOME = Path.of("/home/me");

    @Test
    void urlsAndShorthandsAreRemoteAndKeptAsTyped() {
        assertThat(OrgSource.parse("https://x.example/org.json", CWD, HOME)).isEqualTo(new OrgSource.Remote("https://x.example/org.json"));
        assertThat(OrgSource.parse(" github:acme/policy ", CWD, HOME)).isEqualTo(new OrgSource.Remote("github:acme/policy"));
    }

    @Test
    void pathsAreLocalAbsoluteAndNormalised() {
        assertThat(OrgSource.parse("conf/../org.yaml", CWD, HOME)).isEqualTo(new OrgSource.LocalFile(Path.of("/work/here/org.yaml")));
        assertThat(OrgSource.parse("/etc/org.yaml", CWD, HOME).location()).isEqualTo("/etc/org.yaml");
    }

    @Test
    void aTildeIsTheHomeDirectory() {
        assertThat(OrgSource.parse("~/policy/org.yaml", CWD, HOME)).isEqualTo(new OrgSource.LocalFile(Path.of("/home/me/policy/org.yaml")));
    }

    @Test
    void plainHttpSshAndGitAreRefusedWithTheAlternatives() {
        for (String s : new String[] {"http://x.example/org.json", "ssh://git@x/repo", "git@github.com:a/b.git"}) {
            assertThatThrownBy(() -> OrgSource.parse(s, CWD, HOME)).isInstanceOf(dev.scc.core.SccException.class)
                    .extracting(e -> ((dev.scc.core.SccException) e).kind()).isEqualTo(dev.scc.core.SccException.Kind.INVALID);
            assertThatThrownBy(() -> OrgSource.parse(s, CWD, HOME))
                    .hasMessageContaining("use a file path, an https:// URL, or github:/gitlab: shorthand");
        }
    }

    @Test
    void aFileUrlIsLocalAndADriveLetterIsNotAScheme() {
        assertThat(OrgSource.parse("file:///srv/org.yaml", CWD, HOME)).isEqualTo(new OrgSource.LocalFile(Path.of("/srv/org.yaml")));
        assertThat(OrgSource.parse("C:org.yaml", CWD, HOME)).isInstanceOf(OrgSource.LocalFile.class);
    }
}
