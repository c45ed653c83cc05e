package dev.scc.app.launch;

import dev.scc.broker.BrokerMain;
import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.config.BrokerConfigException;
import dev.scc.broker.credential.CredentialException;
import dev.scc.broker.launch.BrokerLaunch;
import dev.scc.core.SccException.Kind;
import dev.scc.app.governance.GovernanceException;
import dev.scc.core.runtime.CredentialBrokerSpec;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.SandboxFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wires the org's credential broker into a launch (docs/broker.md): the credentials are read on the host, all or
 * nothing, before anything is created; the agent's environment loses every provider secret variable and gets the
 * broker's base URLs and placeholders instead; its {@code /etc/gitconfig} sends the org's git hosts to the broker; the
 * runtime starts the broker beside the session with the credentials on its standard input.
 */
public final class BrokeredLaunch {
    /** The agent's system git config (root-owned, read-only): git hosts rewritten to the broker. */
    public static final String GITCONFIG_PATH = "/etc/gitconfig";

    private BrokeredLaunch() {}

    /**
     * {@code spec} with the broker wired in when the org brokers anything, else {@code spec} unchanged. With {@code
     * dryRun} nothing is read: the agent's variables are named with marker values and the broker cannot start.
     *
     * @throws GovernanceException (exit 3) for a broker section that cannot be used or a credential that cannot be
     *     read (the message names the credential and source, never a value); nothing is launched
     */
    public static LaunchSpec apply(LaunchSpec spec, String orgFile, JsonNode org, Map<String, String> hostEnv,
            Path auditLog, boolean dryRun) {
        BrokerConfig config;
        BrokerLaunch launch;
        try {
            config = BrokerConfig.fromOrg(orgFile, org, spec.team(), hostEnv);
            if (!config.enabled()) {
                return spec;
            }
            launch = dryRun ? BrokerLaunch.planOnly(config, CredentialBrokerSpec.URL)
                    : BrokerLaunch.prepare(config, hostEnv, CredentialBrokerSpec.URL);
        } catch (BrokerConfigException | CredentialException e) {
            throw new GovernanceException(e.getMessage() + " (nothing was launched; no credential is passed into the"
                    + " sandbox instead)", Kind.CONFIG);
        }
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        BrokerLaunch.SECRET_VARIABLES.forEach(env::remove);
        env.putAll(launch.agentEnvironment(spec.provider()));
        List<SandboxFile> files = new ArrayList<>();
        spec.files().stream().filter(f -> !f.containerPath().equals(GITCONFIG_PATH)).forEach(files::add);
        String git = launch.systemGitConfig();
        if (git.contains("[url ")) {
            files.add(new SandboxFile(GITCONFIG_PATH, git.getBytes(StandardCharsets.UTF_8), 0644));
        }
        CredentialBrokerSpec broker = new CredentialBrokerSpec("org.json",
                (org.toString() + "\n").getBytes(StandardCharsets.UTF_8), spec.team(), classpath(),
                config.caBundle(), auditLog, !config.push().requireApproval().isEmpty(), launch.credentialNames(),
                hostEnv.getOrDefault("HOME", "/"), launch::handoff, launch::requireNoSecrets);
        return spec.withEnv(env).withFiles(files).withBroker(broker);
    }

    /** The name a standalone session's broker gives its document in messages (there is no org file). */
    public static final String STANDALONE = "standalone session (no org)";

    /**
     * A standalone session (no org) brokers the user's personal model key the same way: the first of the provider's
     * key variables set on the host ({@code ANTHROPIC_API_KEY}, else {@code CLAUDE_CODE_OAUTH_TOKEN}; {@code
     * OPENAI_API_KEY}, else {@code CODEX_API_KEY}) becomes the broker's one credential ({@code {env: VAR}}) for the
     * provider's model API, at {@code modelEndpoint} when the session names one; nothing of it is passed into the
     * sandbox. Without such a variable, or for a provider without a model API, {@code spec} is returned unchanged
     * (nothing to protect).
     *
     * @param modelEndpoint the session's model endpoint ({@code --model-endpoint}), the provider's API otherwise
     * @throws GovernanceException (exit 3) when the endpoint is not {@code https://} (the broker forwards a credential
     *     only over verified TLS) or the variable cannot be read; nothing is launched
     */
    public static LaunchSpec standalone(LaunchSpec spec, Optional<java.net.URI> modelEndpoint,
            Map<String, String> hostEnv, Path auditLog, boolean dryRun) {
        Optional<dev.scc.broker.config.ProviderDefaults> api = dev.scc.broker.config.ProviderDefaults.find(
                spec.provider());
        if (api.isEmpty()) {
            return spec;
        }
        List<String> variables = new ArrayList<>(api.get().apiKeyVariables());
        variables.addAll(api.get().oauthVariables());
        Optional<String> variable = variables.stream().filter(v -> !hostEnv.getOrDefault(v, "").isBlank())
                .findFirst();
        if (variable.isEmpty()) {
            return spec;
        }
        com.fasterxml.jackson.databind.node.ObjectNode org = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        com.fasterxml.jackson.databind.node.ObjectNode broker = org.putObject("broker");
        String credential = "personal-" + api.get().id() + "-key";
        broker.putObject("credentials").putObject(credential).put("env", variable.get());
        com.fasterxml.jackson.databind.node.ObjectNode d = broker.putArray("destinations").addObject()
                .put("name", api.get().id()).put("type", "model-api").put("provider", api.get().id())
                .put("credential", credential);
        if (modelEndpoint.isPresent()) {
            java.net.URI e = modelEndpoint.get();
            if (!"https".equalsIgnoreCase(e.getScheme())) {
                throw new GovernanceException(STANDALONE + ": the model endpoint " + e + " is not https://: the "
                        + "credential broker forwards " + variable.get() + " only over verified TLS (nothing was "
                        + "launched; no credential is passed into the sandbox instead)", Kind.CONFIG);
            }
            String path = e.getRawPath() == null ? "" : e.getRawPath().replaceAll("/+$", "");
            String suffix = api.get().baseUrlSuffix();
            if (!suffix.isEmpty() && path.endsWith(suffix)) {
                path = path.substring(0, path.length() - suffix.length());
            }
            d.put("upstream", e.getScheme() + "://" + e.getRawAuthority() + path);
        }
        return apply(spec, STANDALONE, org, hostEnv, auditLog, dryRun);
    }

    /**
     * The broker's class path on this host: the directory of jars the CLI runs from ({@code DIR/*}), or, when the
     * classes come from directories (a build's {@code target/classes}), this JVM's class path.
     */
    static List<String> classpath() {
        try {
            Path where = Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(where) && where.getParent() != null) {
                return List.of(where.getParent() + "/*");
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall back to the class path below
        }
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                cp.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return cp;
    }

    /** The variable names the agent gets instead of credentials, for messages and plans. */
    public static Optional<String> describe(LaunchSpec spec) {
        return spec.broker().map(b -> "credentials " + String.join(", ", b.credentialNames()) + " stay with the broker ("
                + CredentialBrokerSpec.URL + "); the agent gets " + String.join(", ", spec.env().keySet().stream()
                .filter(k -> k.endsWith("_BASE_URL") || BrokerLaunch.SECRET_VARIABLES.contains(k)).sorted().toList())
                + " (placeholders and base URLs, names only)");
    }
}
