package dev.scc.core.model;

import dev.scc.safety.rules.ActionRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An organization's policy document ({@code org-v1}): the absolute top of the trust hierarchy.
 *
 * @param profiles teams by name, in document order
 * @param destinationSets the org's catalog of named egress destination sets
 * @param exceptions time-bounded policy exceptions; they never lift a security block
 * @param rules the org's own action rules (absolute), each already checked against its own tests
 */
public record OrgConfig(
        String schemaVersion,
        Optional<String> minCliVersion,
        Organization organization,
        Map<String, MarketplaceSource> marketplaces,
        Security security,
        Defaults defaults,
        Delegation delegation,
        Map<String, TeamProfile> profiles,
        Map<String, DestinationSet> destinationSets,
        List<PolicyException> exceptions,
        GovernedArtifacts governedArtifacts,
        List<ActionRule> rules) {

    public OrgConfig {
        rules = Lists.copy(rules);
        marketplaces = Lists.copy(marketplaces);
        profiles = Lists.copy(profiles);
        destinationSets = Lists.copy(destinationSets);
        exceptions = Lists.copy(exceptions);
    }

    /** An org config with no action rules of its own. */
    public OrgConfig(String schemaVersion, Optional<String> minCliVersion, Organization organization,
            Map<String, MarketplaceSource> marketplaces, Security security, Defaults defaults, Delegation delegation,
            Map<String, TeamProfile> profiles, Map<String, DestinationSet> destinationSets, List<PolicyException> exceptions,
            GovernedArtifacts governedArtifacts) {
        this(schemaVersion, minCliVersion, organization, marketplaces, security, defaults, delegation, profiles,
                destinationSets, exceptions, governedArtifacts, List.of());
    }

    /** The organization's identity. */
    public record Organization(String name, String id, Optional<String> contact) {}

    /** Looks up a team profile by exact name. */
    public Optional<TeamProfile> profile(String team) {
        return Optional.ofNullable(profiles.get(team));
    }
}
