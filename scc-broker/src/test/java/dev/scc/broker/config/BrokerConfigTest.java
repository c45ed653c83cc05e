package dev.scc.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.broker.config.Destination.Kind;
import dev.scc.broker.credential.CredentialSource;
import dev.scc.broker.testing.Orgs;
import dev.scc.policy.Problem;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.schema.SchemaValidator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {
    static final String ORG = Orgs.header().replace("backend: {}", """
            backend:
                session: {token_budget: 5000}
                team_token_budget: 100000""") + """
            defaults:
              session: {token_budget: 900}
            security:
              safety_net: {protected_branches: [main, prod], require_approval: [git.push_protected_branch]}
            broker:
              ca_bundle: ~/corp-ca.pem
              credentials:
                anthropic-key: {env: ANTHROPIC_API_KEY}
                claude-oauth: {env: CLAUDE_CODE_OAUTH_TOKEN}
                openai-key: {file: ~/.config/openai.key}
                github-token: {command: [op, read, "op://eng/github/token"], timeout_seconds: 5}
                docs-token: {env: DOCS_MCP_TOKEN}
              destinations:
                - {name: anthropic, type: model-api, provider: anthropic, credential: anthropic-key}
                - {name: openai, type: model-api, provider: openai, credential: openai-key}
                - {name: github, type: git, host: github.com, credential: github-token}
                - {name: ghe, type: git, upstream: "https://git.corp.example/scm", credential: github-token,
                   header: Authorization, scheme: bearer}
                - {name: docs, type: mcp, upstream: "https://mcp.docs.example/v1", credential: docs-token,
                   header: X-Docs-Key}
            """;

    @Test
    void orgDeclaresCredentialsDestinationsBudgetsAndPushPolicy() {
        BrokerConfig c = Orgs.config(ORG);

        assertThat(c.credentials()).containsEntry("anthropic-key", new CredentialSource.Env("ANTHROPIC_API_KEY"))
                .containsEntry("openai-key", new CredentialSource.File(Path.of("/home/dev/.config/openai.key")))
                .containsEntry("github-token", new CredentialSource.Command(List.of("op", "read",
                        "op://eng/github/token"), Duration.ofSeconds(5)));
        assertThat(c.destinations()).extracting(Destination::route)
                .containsExactly("/anthropic", "/openai", "/git/github.com", "/git/git.corp.example", "/mcp/docs");
        Destination anthropic = c.destinations().get(0);
        assertThat(anthropic.upstream()).isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(anthropic.injection().describe()).isEqualTo("x-api-key");
        assertThat(c.destinations().get(1).injection().value("k")).isEqualTo("Bearer k");
        assertThat(c.destinations().get(2).injection().value("t")).isEqualTo("Basic eC1hY2Nlc3MtdG9rZW46dA==");
        assertThat(c.destinations().get(2).kind()).isEqualTo(Kind.GIT);
        assertThat(c.destinations().get(3).injection().describe()).isEqualTo("Authorization: Bearer");
        assertThat(c.destinations().get(4).injection().describe()).isEqualTo("X-Docs-Key");
        assertThat(c.caBundle()).contains(Path.of("/home/dev/corp-ca.pem"));
        assertThat(c.sessionBudget()).isEqualTo(OptionalLong.of(5000));
        assertThat(c.teamBudget()).isEqualTo(OptionalLong.of(100000));
        assertThat(c.push().protectedBranches()).containsExactly("main", "prod");
        assertThat(c.push().requireApproval()).containsExactly("git.push_protected_branch");
    }

    @Test
    void oauthCredentialTravelsAsBearer() {
        BrokerConfig c = Orgs.config(ORG.replace("credential: anthropic-key}", "credential: claude-oauth}"));
        assertThat(c.destinations().get(0).injection().describe()).isEqualTo("Authorization: Bearer");
    }

    @Test
    void sessionBudgetFallsBackToTheOrgDefaultAndBranchesToTheSafetyEngineDefaults() {
        BrokerConfig c = Orgs.config(Orgs.header() + "defaults:\n  session: {token_budget: 900}\n");
        assertThat(c.sessionBudget()).isEqualTo(OptionalLong.of(900));
        assertThat(c.teamBudget()).isEmpty();
        assertThat(c.enabled()).isFalse();
        assertThat(c.push().protectedBranches()).containsExactly("main", "master", "release/*");
    }

    @Test
    void schemaErrorsNameTheKeyPath() {
        String bad = Orgs.header() + """
                defaults:
                  session: {token_budget: 0}
                broker:
                  credentials:
                    two-sources: {env: A, file: /x}
                    Bad_Name: {env: B}
                  destinations:
                    - {name: a, type: model-api, provider: anthropic, credential: missing}
                    - {name: b, type: git, upstream: "http://git.example", credential: two-sources}
                    - {name: c, type: mcp, credential: two-sources}
                    - {name: a, type: model-api, provider: anthropic, credential: two-sources}
                """;
        List<Problem> problems = new SchemaValidator().validate(DocumentKind.ORG, "org.yaml", Orgs.parse(bad));

        assertThat(problems).extracting(Problem::jsonPath).contains(
                "$.defaults.session.token_budget",
                "$.broker.credentials['two-sources']",
                "$.broker.credentials",
                "$.broker.destinations[0].credential",
                "$.broker.destinations[1].upstream",
                "$.broker.destinations[2]",
                "$.broker.destinations[3].name",
                "$.broker.destinations[3]");
        assertThat(problems).filteredOn(p -> p.jsonPath().equals("$.broker.destinations[0].credential"))
                .singleElement().satisfies(p -> assertThat(p.describe()).contains("credential 'missing' is not"
                        + " declared under broker.credentials"));
    }
}
