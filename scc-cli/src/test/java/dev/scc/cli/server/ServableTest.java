package dev.scc.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServableTest {
    @Test
    void servesHelpVersionAndTheReadOnlyReports() {
        assertThat(Servable.servable(List.of("--help"))).isTrue();
        assertThat(Servable.servable(List.of("--version"))).isTrue();
        assertThat(Servable.servable(List.of("help", "start"))).isTrue();
        assertThat(Servable.servable(List.of("start", "--help"))).isTrue();
        assertThat(Servable.servable(List.of("--no-color", "config", "explain", "--org", "o.yaml", "--json"))).isTrue();
        assertThat(Servable.servable(List.of("org", "status"))).isTrue();
        assertThat(Servable.servable(List.of("team", "list", "--org", "o.yaml"))).isTrue();
        assertThat(Servable.servable(List.of("sessions", "--all", "--json"))).isTrue();
        assertThat(Servable.servable(List.of("list"))).as("the sessions alias").isTrue();
        assertThat(Servable.servable(List.of("approvals", "--all"))).isTrue();
        assertThat(Servable.servable(List.of("audit", "verify", "--log", "a.jsonl"))).isTrue();
    }

    @Test
    void servesEngineCommandsOnlyWhenDockerJavasProcessSettingsAreTheClients() {
        Map<String, String> server = Map.of("HOME", "/home/u", "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/c");
        assertThat(Servable.servable(List.of("sessions"), server, server, "/home/u")).isTrue();
        assertThat(Servable.servable(List.of("sessions"), Map.of("HOME", "/home/u"), server, "/home/u"))
                .as("the client has no TLS settings").isFalse();
        assertThat(Servable.servable(List.of("list"), Map.of("HOME", "/elsewhere", "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", "/c"), server, "/home/u")).as("its ~/.docker is not the server's").isFalse();
        assertThat(Servable.servable(List.of("config", "explain"), Map.of(), server, "/home/u"))
                .as("no engine involved").isTrue();
        assertThat(Servable.servable(List.of("team", "list"), Map.of(), server, "/home/u"))
                .as("'list' names the sessions alias only as the command itself").isTrue();
    }

    @Test
    void leavesEverythingThatTouchesTheProcessToItsOwnJvm() {
        assertThat(Servable.servable(List.of())).as("scc alone launches").isFalse();
        assertThat(Servable.servable(List.of("start"))).isFalse();
        assertThat(Servable.servable(List.of("setup"))).as("prompts").isFalse();
        assertThat(Servable.servable(List.of("safety", "check"))).as("reads stdin").isFalse();
        assertThat(Servable.servable(List.of("org", "update"))).isFalse();
        assertThat(Servable.servable(List.of("server", "stop"))).isFalse();
        assertThat(Servable.servable(List.of("config", "explain", "--verbose"))).as("global log level").isFalse();
        assertThat(Servable.servable(List.of("safety", "check", "--", "git", "--help"))).isFalse();
        assertThat(Servable.servable(List.of("config"))).isFalse();
        assertThat(Servable.servable(List.of("audit", "ingest"))).as("appends to the log").isFalse();
        assertThat(Servable.servable(List.of("approve", "r1"))).isFalse();
        assertThat(Servable.servable(List.of("stop", "--all"))).isFalse();
    }
}
