package dev.scc.core.runtime;

import dev.scc.core.model.NetworkPosture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LaunchSpecTest {

    @Test
    void refusesRelativeWorkspace() {
        assertThatThrownBy(() -> LaunchSpec.of(Path.of("repo"), "claude", NetworkPosture.OPEN, Set.of()))
                .hasMessageContaining("absolute");
    }

    @Test
    void copiesCollectionsSoCallersCannotMutateIt() {
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));
        LaunchSpec s = LaunchSpec.of(Path.of("/w"), "claude", NetworkPosture.OPEN, Set.of()).withEnv(env);
        env.put("B", "2");
        assertThat(s.env()).containsOnlyKeys("A");
        assertThatThrownBy(() -> s.env().put("C", "3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void renderedFileRefusesRelativeAndDotDotPaths() {
        assertThatThrownBy(() -> new SandboxFile("etc/x", new byte[0], 0644)).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new SandboxFile("/etc/../root/x", new byte[0], 0644)).hasMessageContaining("..");
    }

    @Test
    void renderedFileNeverGrantsWriteToOthersOrSetuid() {
        assertThat(new SandboxFile("/etc/scc/p.json", new byte[] {1}, 04777).effectiveMode()).isEqualTo(0755);
        assertThat(new SandboxFile("/etc/scc/p.json", new byte[] {1}, 0666).effectiveMode()).isEqualTo(0644);
    }

    @Test
    void renderedFileKeepsItsOwnCopyOfTheBytes() {
        byte[] b = {1, 2};
        SandboxFile f = new SandboxFile("/etc/x", b, 0444);
        b[0] = 9;
        assertThat(f.content()).containsExactly(1, 2);
    }
}
