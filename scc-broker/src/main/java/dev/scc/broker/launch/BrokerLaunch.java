package dev.scc.broker.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.config.Destination;
import dev.scc.broker.config.Destination.Kind;
import dev.scc.broker.config.ProviderDefaults;
import dev.scc.broker.credential.CredentialException;
import dev.scc.broker.credential.CredentialVault;
import dev.scc.broker.credential.Placeholders;
import dev.scc.broker.credential.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host side of a brokered launch, for the runtime to call: reads every credential on the host (all or nothing, so
 * a failing source stops the launch before anything is created), and gives what each side gets.
 * <ul>
 *   <li>the agent container: {@link #agentEnvironment} (placeholders and base URLs; never a value) and
 *   {@link #systemGitConfig} (rewrites the org's git hosts to the broker);</li>
 *   <li>the broker process: {@link #handoff} bytes, written to its standard input once (never a file, an environment
 *   variable, a label or an image layer), read back by {@link #readHandoff};</li>
 *   <li>a last check on the finished container spec: {@link #requireNoSecrets}.</li>
 * </ul>
 */
public final class BrokerLaunch {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Variables that hold provider secrets; a brokered launch never passes them through from the host. */
    public static final List<String> SECRET_VARIABLES = List.of("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN",
            "ANTHROPIC_AUTH_TOKEN", "OPENAI_API_KEY", "CODEX_API_KEY", "GITHUB_TOKEN", "GH_TOKEN");

    private final BrokerConfig config;
    private final CredentialVault vault;
    private final String brokerUrl;

    private BrokerLaunch(BrokerConfig config, CredentialVault vault, String brokerUrl) {
        this.config = config;
        this.vault = vault;
        this.brokerUrl = brokerUrl;
    }

    /**
     * Reads the credentials the config names, on the host.
     *
     * @param brokerUrl where the sandbox reaches the broker, e.g. {@code http://scc-broker:8080}
     * @throws CredentialException for the first credential that cannot be read (nothing else is read or kept)
     */
    public static BrokerLaunch prepare(BrokerConfig config, Map<String, String> hostEnv, String brokerUrl) {
        Map<String, dev.scc.broker.credential.CredentialSource> used = new LinkedHashMap<>();
        for (Destination d : config.destinations()) {
            used.put(d.credential(), config.credentials().get(d.credential()));
        }
        return new BrokerLaunch(config, CredentialVault.read(used, hostEnv, new Placeholders()), strip(brokerUrl));
    }

    /**
     * The launch as a dry run shows it, with nothing read: every credential stands for itself by a marker, so
     * {@link #agentEnvironment} gives the variable names the agent would get (values are never shown anyway). Its
     * {@link #handoff} and {@link #requireNoSecrets} refuse: a plan cannot launch.
     */
    public static BrokerLaunch planOnly(BrokerConfig config, String brokerUrl) {
        Map<String, CredentialVault.Entry> entries = new LinkedHashMap<>();
        for (Destination d : config.destinations()) {
            entries.put(d.credential(), new CredentialVault.Entry(new Secret(d.credential(), PLAN_ONLY),
                    "(placeholder made at launch)"));
        }
        return new BrokerLaunch(config, CredentialVault.of(entries), strip(brokerUrl));
    }

    private static final String PLAN_ONLY = "\0plan-only\0";

    private boolean planned() {
        return vault.names().stream().anyMatch(n -> PLAN_ONLY.equals(vault.get(n).orElseThrow().secret().reveal()));
    }

    /** The credential names the broker holds (never a value). */
    public List<String> credentialNames() {
        return List.copyOf(vault.names());
    }

    public CredentialVault vault() {
        return vault;
    }

    /**
     * What the agent's environment gets for {@code agent} (a provider id): the provider's base URL variable
     * pointing at the broker and its key (or token) variables holding the placeholder. Empty when the org does not broker that
     * provider.
     */
    public Map<String, String> agentEnvironment(String agent) {
        Map<String, String> env = new LinkedHashMap<>();
        Optional<ProviderDefaults> p = ProviderDefaults.find(agent);
        if (p.isEmpty()) {
            return env;
        }
        for (Destination d : config.destinations()) {
            if (d.kind() != Kind.MODEL_API || !d.route().equals(p.get().route())) {
                continue;
            }
            String placeholder = vault.get(d.credential()).orElseThrow().placeholder();
            env.put(p.get().baseUrlEnv(), brokerUrl + d.route() + p.get().baseUrlSuffix());
            for (String v : p.get().placeholderVariables(d.injection())) {
                env.put(v, placeholder);
            }
        }
        return env;
    }

    /**
     * The sandbox's system git config ({@code /etc/gitconfig}): every brokered git host rewritten to the broker, so
     * {@code git push https://github.com/…} (and remotes cloned that way) go through it; {@code pushInsteadOf} too, so a
     * push URL cannot name the host directly.
     */
    public String systemGitConfig() {
        StringBuilder b = new StringBuilder("# Written by SCC: git hosts are reached through the credential broker.\n");
        for (Destination d : config.destinations()) {
            if (d.kind() != Kind.GIT) {
                continue;
            }
            String host = d.route().substring("/git/".length());
            b.append("[url \"").append(brokerUrl).append(d.route()).append("/\"]\n")
                    .append("\tinsteadOf = https://").append(host).append("/\n")
                    .append("\tpushInsteadOf = https://").append(host).append("/\n")
                    .append("\tinsteadOf = git@").append(host).append(":\n")
                    .append("\tpushInsteadOf = git@").append(host).append(":\n");
        }
        return b.toString();
    }

    /** What the broker process reads once from standard input: each credential with its placeholder. */
    public byte[] handoff() {
        if (planned()) {
            throw new IllegalStateException("a planned broker launch holds no credential to hand off");
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode creds = root.putObject("credentials");
        for (String name : vault.names()) {
            CredentialVault.Entry e = vault.get(name).orElseThrow();
            creds.putObject(name).put("value", e.secret().reveal()).put("placeholder", e.placeholder());
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The broker side of {@link #handoff}. */
    public static CredentialVault readHandoff(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(1024 * 1024);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("broker handoff on standard input is not JSON (" + e.getClass().getSimpleName()
                    + ")");
        }
        Map<String, CredentialVault.Entry> entries = new LinkedHashMap<>();
        root.path("credentials").fields().forEachRemaining(e -> entries.put(e.getKey(), new CredentialVault.Entry(
                new Secret(e.getKey(), e.getValue().path("value").asText()), e.getValue().path("placeholder")
                .asText())));
        if (entries.isEmpty()) {
            throw new IOException("broker handoff on standard input holds no credential");
        }
        return CredentialVault.of(entries);
    }

    /**
     * Fails if any credential value appears anywhere in what is about to be given to the agent's container
     * (environment entries, labels, command line, file contents). A last, cheap guard against a wiring mistake.
     *
     * @throws IllegalStateException naming where (never the value)
     */
    public void requireNoSecrets(Map<String, String> containerTexts) {
        if (planned()) {
            throw new IllegalStateException("a planned broker launch cannot check or launch anything");
        }
        for (Map.Entry<String, String> e : containerTexts.entrySet()) {
            for (String name : vault.names()) {
                if (e.getValue().contains(vault.get(name).orElseThrow().secret().reveal())) {
                    throw new IllegalStateException("refusing to launch: credential '" + name + "' would reach the"
                            + " sandbox through " + e.getKey() + "; only its placeholder may");
                }
            }
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
