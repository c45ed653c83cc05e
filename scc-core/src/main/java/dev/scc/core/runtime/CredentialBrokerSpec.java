package dev.scc.core.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The credential broker a launch starts on the egress side of the session (security-model.md, decision 2): the
 * real credentials travel only in {@link #handoff()}, written once to the broker process's standard input; the
 * agent's environment and files (already in the {@link LaunchSpec}) hold placeholders and the broker's URL.
 * Nothing here but the handoff holds a secret, and {@link #toString()} never shows it.
 *
 * @param orgFileName the org document's name inside the broker container ({@code org.json})
 * @param orgDocument the org document (JSON) the broker reads its destinations, budgets and push policy from
 * @param team the team the session runs for (budgets, audit records)
 * @param classpath the broker's class path on the host: jar files, class directories, or a directory of jars
 *     written {@code DIR/*}; each is mounted read-only into the broker container
 * @param caBundle extra CA certificates for upstream TLS ({@code broker.ca_bundle}), mounted read-only
 * @param auditLog the host's audit log file; its directory is mounted so the broker appends usage and decisions
 *     to the log the host reads (and team budgets see every session's usage)
 * @param approvals whether the session's approval directory is mounted into the broker (push approvals)
 * @param credentialNames the credentials the broker holds (names only, for plans and messages)
 * @param home the host's {@code HOME}, so {@code ~/} in the org's paths means the same in the broker
 * @param handoff the bytes for the broker's standard input (credentials and placeholders)
 * @param secretCheck throws if any credential value appears in the given texts (label → text)
 */
public record CredentialBrokerSpec(String orgFileName, byte[] orgDocument, Optional<String> team, List<String> classpath,
        Optional<Path> caBundle, Path auditLog, boolean approvals, List<String> credentialNames, String home,
        Supplier<byte[]> handoff, Consumer<Map<String, String>> secretCheck) {
    /** The broker's host name on the session network (a network alias), as the agent's base URLs name it. */
    public static final String HOST = "scc-broker";
    /** The broker's plain-HTTP port on the session network. */
    public static final int PORT = 8080;
    /** Where the sandbox reaches the broker. */
    public static final String URL = "http://" + HOST + ":" + PORT;

    public CredentialBrokerSpec {
        Objects.requireNonNull(orgFileName, "orgFileName");
        Objects.requireNonNull(orgDocument, "orgDocument");
        Objects.requireNonNull(team, "team");
        classpath = List.copyOf(classpath);
        Objects.requireNonNull(caBundle, "caBundle");
        Objects.requireNonNull(auditLog, "auditLog");
        credentialNames = List.copyOf(credentialNames);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(handoff, "handoff");
        Objects.requireNonNull(secretCheck, "secretCheck");
    }

    /** Throws if any credential value appears in {@code texts} (what is about to reach a container). */
    public void requireNoSecrets(Map<String, String> texts) {
        secretCheck.accept(texts);
    }

    @Override
    public String toString() {
        return "CredentialBrokerSpec[credentials=" + credentialNames + ", team=" + team.orElse("") + ", auditLog="
                + auditLog + "]";
    }
}
