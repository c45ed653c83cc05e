package dev.scc.policy.merge;

import static dev.scc.policy.merge.Docs.input;
import static dev.scc.policy.merge.Docs.merge;
import static dev.scc.policy.merge.Docs.org;
import static dev.scc.policy.merge.Docs.project;
import static dev.scc.policy.merge.Docs.teamConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.DeniedAddition;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.IgnoredPolicyChange;
import dev.scc.core.merge.MergeException;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.core.merge.TargetType;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.PolicyException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Behaviours of governance.md and governance-reference.md §5, one test each. */
class TrustMergeTest {

    @Nested
    class Plugins {
        @Test
        void securityBlockWinsOverDelegationAndIsReportedOnlyAsBlocked() {
            OrgConfig org = org("security:{blocked_plugins:['evil-*']}, profiles:{t:{additional_plugins:['evil-x@mp']}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.blockedItems()).containsExactly(new BlockedItem("evil-x@mp", "evil-*", "org.security", TargetType.PLUGIN));
            assertThat(e.deniedAdditions()).isEmpty();
            assertThat(e.pluginRefs()).isEmpty();
        }

        @Test
        void patternWithoutAtMatchesTheNamePartOfARef() {
            OrgConfig org = org("security:{blocked_plugins:['*-experimental']}, defaults:{enabled_plugins:['tool-experimental@internal', 'ok@internal']}");
            EffectiveConfig e = merge(org, "");
            assertThat(e.blockedItems()).extracting(BlockedItem::item).containsExactly("tool-experimental@internal");
            assertThat(e.pluginRefs()).containsExactly("ok@internal");
        }

        @Test
        void matchingIgnoresCaseAndWhitespaceAndReportsThePatternVerbatim() {
            OrgConfig org = org("security:{blocked_plugins:['  EVIL-*  ']}, defaults:{enabled_plugins:['Evil-Plugin@MP']}");
            assertThat(merge(org, "").blockedItems()).extracting(BlockedItem::blockedBy).containsExactly("  EVIL-*  ");
        }

        @Test
        void delegationListsHoldTeamNamesNotPluginNames() {
            OrgConfig org = org("delegation:{teams:{allow_additional_plugins:['team-*','approved-*']}},"
                    + "profiles:{'frontend-react':{additional_plugins:['team-react-tools@mp']}, 'team-a':{additional_plugins:['x@mp']}}");
            assertThat(merge(org, "frontend-react").deniedAdditions()).containsExactly(new DeniedAddition(
                    "team-react-tools@mp", "team", "Team 'frontend-react' not allowed to add plugins", TargetType.PLUGIN));
            assertThat(merge(org, "team-a").pluginRefs()).containsExactly("x@mp");
        }

        @Test
        void teamNameDelegationPatternsAreCaseInsensitive() {
            OrgConfig org = org("delegation:{teams:{allow_additional_plugins:['PLATFORM-*']}}, profiles:{'platform-core':{additional_plugins:['x@mp']}}");
            assertThat(merge(org, "platform-core").pluginRefs()).containsExactly("x@mp");
        }

        @Test
        void absentAllowlistAllowsEveryAddition() {
            OrgConfig org = org("delegation:{teams:{allow_additional_plugins:['*']}}, profiles:{t:{additional_plugins:['x@mp']}}");
            assertThat(merge(org, "t").pluginRefs()).containsExactly("x@mp");
        }

        @Test
        void emptyAllowlistDeniesEveryAdditionButNotDefaults() {
            OrgConfig org = org("defaults:{allowed_plugins:[], enabled_plugins:['base@mp']}, delegation:{teams:{allow_additional_plugins:['*']}},"
                    + "profiles:{t:{additional_plugins:['x@mp']}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.pluginRefs()).containsExactly("base@mp");
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::reason).containsExactly("Plugin not allowed by defaults.allowed_plugins");
        }

        @Test
        void allowlistPatternWithoutAtAllowsByName() {
            OrgConfig org = org("defaults:{allowed_plugins:['tool']}, delegation:{teams:{allow_additional_plugins:['*']}}, profiles:{t:{additional_plugins:['tool@mp','other@mp']}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.pluginRefs()).containsExactly("tool@mp");
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::item).containsExactly("other@mp");
        }

        @Test
        void bareNamesAreCanonicalisedToTheOnlyOrgMarketplace() {
            OrgConfig org = org("marketplaces:{corp:{source:'directory', path:'/m'}}, defaults:{enabled_plugins:['tool', '@corp/other']}");
            assertThat(merge(org, "").pluginRefs()).containsExactly("other@corp", "tool@corp");
        }

        @Test
        void bareNamesWithoutOrgMarketplacesGoToTheImplicitOne() {
            assertThat(merge(org("defaults:{enabled_plugins:['tool']}"), "").pluginRefs())
                    .containsExactly("tool@claude-plugins-official");
        }

        @Test
        void ambiguousProjectRefIsDeniedWithTheReasonNotDropped() {
            OrgConfig org = org("marketplaces:{a:{source:'directory', path:'/a'}, b:{source:'directory', path:'/b'}},"
                    + "delegation:{teams:{allow_additional_plugins:['*']}, projects:{inherit_team_delegation:true}},"
                    + "profiles:{t:{delegation:{allow_project_overrides:true}}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("additional_plugins:['tool']")));
            assertThat(e.deniedAdditions()).singleElement().satisfies(d -> {
                assertThat(d.requestedBy()).isEqualTo("project");
                assertThat(d.reason()).contains("ambiguous");
            });
        }

        /** Deliberate difference: the reference drops disabled defaults silently; we record why. */
        @Test
        void disabledDefaultPluginsAreRecordedNotSilentlyDropped() {
            OrgConfig org = org("defaults:{enabled_plugins:['legacy@mp','keep@mp'], disabled_plugins:['legacy*']}");
            EffectiveConfig e = merge(org, "");
            assertThat(e.pluginRefs()).containsExactly("keep@mp");
            assertThat(e.decisions()).anySatisfy(d -> {
                assertThat(d.field()).isEqualTo("disabled_plugins");
                assertThat(d.value()).isEqualTo("legacy@mp");
            });
        }

        @Test
        void disabledPluginsDoNotRemoveTeamAdditions() {
            OrgConfig org = org("defaults:{disabled_plugins:['legacy*']}, delegation:{teams:{allow_additional_plugins:['*']}}, profiles:{t:{additional_plugins:['legacy@mp']}}");
            assertThat(merge(org, "t").pluginRefs()).containsExactly("legacy@mp");
        }

        @Test
        void pluginsAreSortedAndUnique() {
            OrgConfig org = org("defaults:{enabled_plugins:['z@mp','a@mp']}, delegation:{teams:{allow_additional_plugins:['*']}}, profiles:{t:{additional_plugins:['a@mp','m@mp']}}");
            assertThat(merge(org, "t").pluginRefs()).containsExactly("a@mp", "m@mp", "z@mp");
        }
    }

    @Nested
    class Projects {
        private final String delegated = "delegation:{teams:{allow_additional_plugins:['*'], allow_additional_mcp_servers:['*']}, projects:{inherit_team_delegation:true}},"
                + "profiles:{t:{delegation:{allow_project_overrides:true}}}";

        @Test
        void projectAdditionsNeedTheOrgSwitch() {
            OrgConfig org = org("profiles:{t:{delegation:{allow_project_overrides:true}}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("additional_plugins:['x@mp']")));
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::reason)
                    .containsExactly("Org disabled project delegation (inherit_team_delegation: false)");
        }

        @Test
        void projectAdditionsNeedTheTeamSwitch() {
            OrgConfig org = org("delegation:{projects:{inherit_team_delegation:true}}, profiles:{t:{}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("additional_plugins:['x@mp']")));
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::reason)
                    .containsExactly("Team 't' disabled project overrides (allow_project_overrides: false)");
        }

        @Test
        void delegatedProjectAddsPluginsAndServers() {
            EffectiveConfig e = merge(input(org(delegated), "t").withProject(project(
                    "additional_plugins:['x@mp'], additional_mcp_servers:[{name:'wiki', type:'http', url:'https://wiki.example/mcp'}]")));
            assertThat(e.pluginRefs()).containsExactly("x@mp");
            assertThat(e.mcpServers()).extracting(s -> s.server().name(), s -> s.source()).containsExactly(tuple("wiki", "project"));
        }

        /** Deliberate difference (governance.md): a project may not add a kind of item its team may not add. */
        @Test
        void projectCannotAddAKindOfItemItsTeamMayNotAdd() {
            OrgConfig org = org("delegation:{projects:{inherit_team_delegation:true}}, profiles:{t:{delegation:{allow_project_overrides:true}}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("additional_plugins:['x@mp']")));
            assertThat(e.pluginRefs()).isEmpty();
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::reason)
                    .containsExactly("Team 't' may not add plugins, so its projects may not either");
        }

        @Test
        void projectStaysWithinTheOrgAllowlist() {
            OrgConfig org = org("defaults:{allowed_plugins:['ok-*']}, " + delegated);
            EffectiveConfig e = merge(input(org, "t").withProject(project("additional_plugins:['ok-1@mp','bad@mp']")));
            assertThat(e.pluginRefs()).containsExactly("ok-1@mp");
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::item).containsExactly("bad@mp");
        }

        /** Deliberate difference: a refused project session change is reported, not dropped silently. */
        @Test
        void undelegatedProjectSessionChangeIsReported() {
            OrgConfig org = org("defaults:{session:{timeout_hours:8}}, profiles:{t:{}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("session:{timeout_hours:20}")));
            assertThat(e.session().timeoutHours()).contains(8);
            assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::field).containsExactly("session.timeout_hours");
        }

        @Test
        void teamSessionOverridesNeedNoDelegation() {
            OrgConfig org = org("defaults:{session:{timeout_hours:8, auto_resume:true}}, profiles:{t:{session:{timeout_hours:4}}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.session().timeoutHours()).contains(4);
            assertThat(e.warnings()).contains("session.auto_resume is advisory only and not enforced");
        }

        @Test
        void delegatedProjectSessionWins() {
            EffectiveConfig e = merge(input(org("defaults:{session:{timeout_hours:8}}, " + delegated), "t")
                    .withProject(project("session:{timeout_hours:2}")));
            assertThat(e.session().timeoutHours()).contains(2);
        }

        @Test
        void unknownTeamIsAnErrorThatListsTheTeams() {
            OrgConfig org = org("profiles:{alpha:{}, beta:{}}");
            assertThatThrownBy(() -> merge(org, "gamma")).isInstanceOf(MergeException.class)
                    .hasMessageContaining("Team 'gamma' not found").hasMessageContaining("alpha, beta");
        }
    }

    @Nested
    class Network {
        @Test
        void noLayerCanWidenTheNetworkPolicy() {
            OrgConfig org = org("defaults:{network_policy:'web-egress-enforced'}, profiles:{t:{network_policy:'open'}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("network_policy:'open'")));
            assertThat(e.networkPolicy()).contains(NetworkPosture.WEB_EGRESS_ENFORCED);
            assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::source, IgnoredPolicyChange::reason).containsExactly(
                    tuple("team.t", "Team network_policy cannot be less restrictive than inherited policy"),
                    tuple("project", "Project network_policy cannot be less restrictive than inherited policy"));
        }

        @Test
        void unknownNetworkValueIsIgnoredAndReported() {
            OrgConfig org = org("profiles:{t:{network_policy:'wide-open'}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.networkPolicy()).isEmpty();
            assertThat(e.posture()).isEqualTo(NetworkPosture.OPEN);
            assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::reason).containsExactly("Unknown team network_policy value");
        }

        @Test
        void projectMayNarrowWithoutDelegation() {
            OrgConfig org = org("defaults:{network_policy:'open'}, profiles:{t:{}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("network_policy:'web-egress-enforced', additional_plugins:['x@mp']")));
            assertThat(e.networkPolicy()).contains(NetworkPosture.WEB_EGRESS_ENFORCED);
            assertThat(e.deniedAdditions()).hasSize(1);
            assertThat(e.decisions()).filteredOn(d -> d.field().equals("network_policy")).singleElement()
                    .satisfies(d -> assertThat(d.source()).isEqualTo("project"));
        }

        @Test
        void lockedDownBlocksNetworkMcpTransportsIncludingAMissingType() {
            OrgConfig org = org("defaults:{network_policy:'locked-down-web'}, delegation:{teams:{allow_additional_mcp_servers:['*']}},"
                    + "security:{allow_stdio_mcp:true}, profiles:{t:{additional_mcp_servers:[{name:'a', type:'http', url:'https://a/'},"
                    + "{name:'b', url:'https://b/'}, {name:'c', type:'stdio', command:'/usr/bin/c'}]}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.blockedItems()).extracting(BlockedItem::item, BlockedItem::blockedBy, BlockedItem::source).containsExactly(
                    tuple("a", "network_policy=locked-down-web", "org.defaults"),
                    tuple("b", "network_policy=locked-down-web", "org.defaults"));
            assertThat(e.mcpServers()).extracting(s -> s.server().name()).containsExactly("c");
        }

        /** Deliberate difference: the network gate uses the final posture, so tightening is retroactive. */
        @Test
        void projectTighteningToLockedDownAlsoBlocksTeamServers() {
            OrgConfig org = org("delegation:{teams:{allow_additional_mcp_servers:['*']}}, profiles:{t:{additional_mcp_servers:[{name:'a', type:'sse', url:'https://a/'}]}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("network_policy:'locked-down-web'")));
            assertThat(e.mcpServers()).isEmpty();
            assertThat(e.blockedItems()).extracting(BlockedItem::source).containsExactly("project");
        }

        @Test
        void enforcedPostureEgressIncludesEnabledSetsProviderCoreAndMcpHosts() {
            OrgConfig org = org("destination_sets:{pypi:{hosts:['pypi.org','files.pythonhosted.org']}, npm:{hosts:['registry.npmjs.org']}},"
                    + "defaults:{network_policy:'web-egress-enforced', destination_sets:['pypi']},"
                    + "delegation:{teams:{allow_additional_mcp_servers:['*'], allow_destination_sets:['t']}},"
                    + "profiles:{t:{destination_sets:['npm'], additional_mcp_servers:[{name:'w', type:'http', url:'https://user@mcp.example.com:8443/x'}]}}");
            EffectiveConfig e = merge(input(org, "t").withProvider(AgentProviderRegistry.load().get("claude")));
            assertThat(e.destinationSets()).containsExactly("anthropic-core", "npm", "pypi");
            assertThat(e.destinations()).contains("api.anthropic.com", "files.pythonhosted.org", "mcp.example.com", "pypi.org",
                    "registry.npmjs.org").isSorted();
        }

        @Test
        void teamNeedsDelegationToEnableDestinationSets() {
            OrgConfig org = org("destination_sets:{npm:{hosts:['registry.npmjs.org']}}, profiles:{t:{destination_sets:['npm','nope']}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.destinationSets()).isEmpty();
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::item, DeniedAddition::reason).containsExactly(
                    tuple("npm", "Team 't' not allowed to enable destination sets"),
                    tuple("nope", "Unknown destination set (not in the org's catalog)"));
        }

        @Test
        void projectsMayOnlyNarrowDestinationSets() {
            OrgConfig org = org("destination_sets:{a:{hosts:['a.example']}, b:{hosts:['b.example']}, c:{hosts:['c.example']}},"
                    + "defaults:{destination_sets:['a','b']}, profiles:{t:{}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("destination_sets:['a','c']")));
            assertThat(e.destinationSets()).containsExactly("a");
            assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::requestedValue).containsExactly("c");
        }
    }

    @Nested
    class McpServers {
        private final String delegated = "delegation:{teams:{allow_additional_mcp_servers:['*']}}, security:{allow_stdio_mcp:true, ";

        @Test
        void mcpPatternsMatchNameUrlDomainOrCommand() {
            OrgConfig org = org("delegation:{teams:{allow_additional_mcp_servers:['*']}}, security:{allow_stdio_mcp:true,"
                    + "blocked_mcp_servers:['*.evil.com','/usr/local/bin/blocked-tool','named-bad']},"
                    + "profiles:{t:{additional_mcp_servers:[{name:'x', type:'http', url:'https://api.evil.com/mcp'},"
                    + "{name:'y', type:'stdio', command:'/usr/local/bin/blocked-tool'}, {name:'named-bad', type:'http', url:'https://ok/'},"
                    + "{name:'fine', type:'http', url:'https://ok.example/'}]}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.blockedItems()).extracting(BlockedItem::item).containsExactly("x", "y", "named-bad");
            assertThat(e.mcpServers()).extracting(s -> s.server().name()).containsExactly("fine");
        }

        @Test
        void allowlistAdmitsByNameWhateverTheUrl() {
            OrgConfig org = org("defaults:{allowed_mcp_servers:['corp-*', '*.sundsvall.se']}, delegation:{teams:{allow_additional_mcp_servers:['*']}},"
                    + "profiles:{t:{additional_mcp_servers:[{name:'corp-wiki', type:'http', url:'https://anything/'},"
                    + "{name:'gis', type:'http', url:'https://gis.sundsvall.se/mcp'}, {name:'other', type:'http', url:'https://other/'}]}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.mcpServers()).extracting(s -> s.server().name()).containsExactly("corp-wiki", "gis");
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::item, DeniedAddition::reason)
                    .containsExactly(tuple("other", "MCP server not allowed by defaults.allowed_mcp_servers"));
        }

        @Test
        void stdioNeedsTheOrgSwitch() {
            OrgConfig org = org("delegation:{teams:{allow_additional_mcp_servers:['*']}}, profiles:{t:{additional_mcp_servers:[{name:'s', type:'stdio', command:'/bin/s'}]}}");
            assertThat(merge(org, "t").blockedItems()).extracting(BlockedItem::blockedBy).containsExactly("stdio MCP disabled by org policy");
        }

        @Test
        void stdioNeedsAnAbsoluteCommand() {
            OrgConfig org = org(delegated + "}, profiles:{t:{additional_mcp_servers:[{name:'s', type:'stdio', command:'bin/s'}]}}");
            assertThat(merge(org, "t").blockedItems()).extracting(BlockedItem::blockedBy).containsExactly("stdio command must be absolute path");
        }

        @Test
        void stdioPrefixesAreSegmentContainmentAfterResolvingDotDot() {
            OrgConfig org = org(delegated + "allowed_stdio_prefixes:['/opt/mcp-tools/']}, profiles:{t:{additional_mcp_servers:["
                    + "{name:'ok', type:'stdio', command:'/opt/mcp-tools/bin/x'},"
                    + "{name:'evil', type:'stdio', command:'/opt/mcp-tools-evil/x'},"
                    + "{name:'escape', type:'stdio', command:'/opt/mcp-tools/../../usr/bin/x'}]}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.mcpServers()).extracting(s -> s.server().name()).containsExactly("ok");
            assertThat(e.blockedItems()).extracting(BlockedItem::item, BlockedItem::blockedBy).containsExactly(
                    tuple("evil", "Resolved path /opt/mcp-tools-evil/x not in allowed prefixes"),
                    tuple("escape", "Resolved path /usr/bin/x not in allowed prefixes"));
        }

        @Test
        void allowlistAndDelegationGatesRunBeforeTheStdioGate() {
            OrgConfig org = org("profiles:{t:{additional_mcp_servers:[{name:'s', type:'stdio', command:'relative'}]}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.deniedAdditions()).hasSize(1);
            assertThat(e.blockedItems()).isEmpty();
        }

        /** Deliberate difference: servers are unique by name; a lower layer cannot redefine one. */
        @Test
        void lowerLayerCannotRedefineAServerByName() {
            OrgConfig org = org("delegation:{teams:{allow_additional_mcp_servers:['*']}, projects:{inherit_team_delegation:true}},"
                    + "profiles:{t:{delegation:{allow_project_overrides:true}, additional_mcp_servers:[{name:'wiki', type:'http', url:'https://team/'}]}}");
            EffectiveConfig e = merge(input(org, "t").withProject(project("additional_mcp_servers:[{name:'wiki', type:'http', url:'https://evil/'}]")));
            assertThat(e.mcpServers()).singleElement().satisfies(s -> assertThat(s.server().url()).contains("https://team/"));
            assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::field, IgnoredPolicyChange::source)
                    .containsExactly(tuple("mcp_servers.wiki", "project"));
        }
    }

    @Nested
    class DevEnvironmentActions {
        @Test
        void teamNeedsDevEnvironmentDelegation() {
            OrgConfig org = org("profiles:{t:{dev_environment:{commands:{test:{argv:['make','test']}}}}}");
            assertThat(merge(org, "t").deniedAdditions()).extracting(DeniedAddition::item, DeniedAddition::targetType)
                    .containsExactly(tuple("test", TargetType.DEV_ENVIRONMENT_COMMAND));
        }

        @Test
        void duplicateActionNamesAreIgnoredAndReported() {
            OrgConfig org = org("defaults:{dev_environment:{commands:{test:{argv:['make','test']}}}}, delegation:{teams:{allow_dev_environment_commands:['*']}},"
                    + "profiles:{t:{dev_environment:{commands:{test:{argv:['evil']}, lint:{argv:['make','lint']}}}}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.devEnvironment().commands()).containsOnlyKeys("test", "lint");
            assertThat(e.devEnvironment().commands().get("test").argv()).containsExactly("make", "test");
            assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::field, IgnoredPolicyChange::reason)
                    .containsExactly(tuple("dev_environment.commands.test", "Dev Environment Command name already configured"));
        }
    }

    @Nested
    class Federation {
        private final String base = "marketplaces:{corp:{source:'github', owner:'acme', repo:'plugins'}},"
                + "defaults:{enabled_plugins:['base@corp','old@corp']},"
                + "delegation:{teams:{allow_additional_plugins:['fed']}}, profiles:{fed:{config_source:{source:'github', owner:'acme', repo:'fed-config'}";

        @Test
        void federatedTeamPluginsPassTheSameGatesAndDisableDefaults() {
            OrgConfig org = org("security:{blocked_plugins:['bad*']}, defaults:{enabled_plugins:['base@corp','old@corp'], allowed_plugins:['*@corp']},"
                    + "marketplaces:{corp:{source:'github', owner:'acme', repo:'plugins'}},"
                    + "delegation:{teams:{allow_additional_plugins:['fed']}}, profiles:{fed:{config_source:{source:'github', owner:'acme', repo:'fed-config'}}}");
            EffectiveConfig e = merge(input(org, "fed").withTeamConfig(teamConfig(
                    "enabled_plugins:['a@corp','bad@corp','c@elsewhere'], disabled_plugins:['old*']")));
            assertThat(e.pluginRefs()).containsExactly("a@corp", "base@corp");
            assertThat(e.blockedItems()).extracting(BlockedItem::item).containsExactly("bad@corp");
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::item).containsExactly("c@elsewhere");
        }

        @Test
        void federatedTeamWithoutItsConfigIsAnError() {
            assertThatThrownBy(() -> merge(org(base + "}}"), "fed")).isInstanceOf(MergeException.class)
                    .hasMessageContaining("federated");
        }

        @Test
        void teamMarketplacesNeedATrustGrant() {
            EffectiveConfig e = merge(input(org(base + "}}"), "fed").withTeamConfig(teamConfig(
                    "marketplaces:{mine:{source:'github', owner:'team', repo:'p'}}")));
            assertThat(e.marketplaces()).containsOnlyKeys("corp");
            assertThat(e.blockedItems()).extracting(BlockedItem::item, BlockedItem::blockedBy)
                    .containsExactly(tuple("mine", "trust.allow_additional_marketplaces=false"));
        }

        @Test
        void trustedTeamMarketplaceMustMatchASourcePattern() {
            String org = base + ", trust:{allow_additional_marketplaces:true, marketplace_source_patterns:['github.com/team/**']}}}";
            EffectiveConfig e = merge(input(org(org), "fed").withTeamConfig(teamConfig(
                    "marketplaces:{mine:{source:'github', owner:'team', repo:'p'}, theirs:{source:'git', url:'https://evil.example/x.git'},"
                            + "corp:{source:'github', owner:'team', repo:'q'}}")));
            assertThat(e.marketplaces()).containsOnlyKeys("corp", "mine");
            assertThat(e.blockedItems()).extracting(BlockedItem::item).containsExactly("theirs", "corp");
        }

        @Test
        void notInheritingOrgMarketplacesBlocksDefaultsFromThem() {
            String org = base + ", trust:{inherit_org_marketplaces:false}}}";
            EffectiveConfig e = merge(input(org(org), "fed").withTeamConfig(teamConfig("enabled_plugins:[]")));
            assertThat(e.marketplaces()).isEmpty();
            assertThat(e.pluginRefs()).isEmpty();
            assertThat(e.blockedItems()).extracting(BlockedItem::blockedBy).containsOnly("trust.inherit_org_marketplaces=false");
        }
    }

    @Nested
    class Exceptions {
        private String org(String exceptions) {
            return "security:{blocked_plugins:['evil*']}, profiles:{t:{additional_plugins:['tool@mp','evil@mp']}}, exceptions:[" + exceptions + "]";
        }

        /** Deliberate difference: the reference stores exceptions but never applies them; we do. */
        @Test
        void activePolicyExceptionTurnsADenialIntoAnAllowedItem() {
            EffectiveConfig e = merge(Docs.org(org("{id:'INC-1', reason:'migration', allow:{plugins:['tool@mp']}, expires_at:'2026-06-02T00:00:00Z'}")), "t");
            assertThat(e.pluginRefs()).containsExactly("tool@mp");
            assertThat(e.deniedAdditions()).isEmpty();
            assertThat(e.appliedExceptions()).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo("INC-1");
                assertThat(a.scope()).isEqualTo("policy");
            });
            assertThat(e.decisions()).anySatisfy(d -> assertThat(d.exceptionId()).contains("INC-1"));
        }

        @Test
        void exceptionsNeverLiftASecurityBlock() {
            EffectiveConfig e = merge(Docs.org(org("{id:'X', reason:'r', allow:{plugins:['evil@mp','*']}, expires_at:'2026-06-02T00:00:00Z'}")), "t");
            assertThat(e.pluginRefs()).doesNotContain("evil@mp");
            assertThat(e.blockedItems()).extracting(BlockedItem::item).containsExactly("evil@mp");
        }

        @Test
        void expiredOrUnparseableExceptionsAreInactive() {
            EffectiveConfig expired = merge(Docs.org(org("{id:'X', reason:'r', allow:{plugins:['tool@mp']}, expires_at:'2026-06-01T12:00:00Z'}")), "t");
            EffectiveConfig garbage = merge(Docs.org(org("{id:'X', reason:'r', allow:{plugins:['tool@mp']}, expires_at:'next tuesday'}")), "t");
            assertThat(expired.pluginRefs()).isEmpty();
            assertThat(garbage.pluginRefs()).isEmpty();
        }

        @Test
        void exceptionLimitedToOtherTeamsDoesNotApply() {
            EffectiveConfig e = merge(Docs.org(org("{id:'X', reason:'r', allow:{plugins:['tool@mp']}, expires_at:'2026-06-02T00:00:00Z', teams:['other']}")), "t");
            assertThat(e.pluginRefs()).isEmpty();
        }

        @Test
        void exactTargetBeatsAnEarlierWildcard() {
            EffectiveConfig e = merge(Docs.org(org("{id:'WILD', reason:'r', allow:{plugins:['to*']}, expires_at:'2026-06-02T00:00:00Z'},"
                    + "{id:'EXACT', reason:'r', allow:{plugins:['tool@mp']}, expires_at:'2026-06-02T00:00:00Z'}")), "t");
            assertThat(e.appliedExceptions()).extracting(a -> a.id()).containsExactly("EXACT");
        }

        @Test
        void localOverrideClearsADenial() {
            PolicyException local = new PolicyException("local-20260601-abcd", "trying it", List.of("tool@mp"), List.of(),
                    "2026-06-01T20:00:00Z", Optional.empty(), PolicyException.Scope.LOCAL, "user");
            EffectiveConfig e = merge(input(Docs.org(org("")), "t").withLocalOverrides(List.of(local)));
            assertThat(e.pluginRefs()).containsExactly("tool@mp");
            assertThat(e.appliedExceptions()).extracting(a -> a.scope(), a -> a.source()).containsExactly(tuple("local", "user"));
        }

        @Test
        void exceptionClearedMcpServerStillFacesTheNetworkGate() {
            EffectiveConfig e = merge(Docs.org("defaults:{network_policy:'locked-down-web'}, profiles:{t:{additional_mcp_servers:[{name:'w', type:'http', url:'https://w/'}]}},"
                    + "exceptions:[{id:'X', reason:'r', allow:{mcp_servers:['w']}, expires_at:'2026-06-02T00:00:00Z'}]"), "t");
            assertThat(e.mcpServers()).isEmpty();
            assertThat(e.blockedItems()).extracting(BlockedItem::blockedBy).containsExactly("network_policy=locked-down-web");
        }
    }

    @Nested
    class Providers {
        @Test
        void everyProviderIsAllowedByDefault() {
            assertThat(merge(org("profiles:{t:{}}"), "t").allowedProviders()).containsExactly("claude", "codex");
        }

        @Test
        void teamMayNarrowButNotWidenTheProviders() {
            OrgConfig org = org("defaults:{allowed_providers:['claude']}, profiles:{t:{allowed_providers:['claude','codex']}, u:{allowed_providers:[]}}");
            EffectiveConfig t = merge(org, "t");
            assertThat(t.allowedProviders()).containsExactly("claude");
            assertThat(t.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::requestedValue).containsExactly("codex");
            assertThat(merge(org, "u").allowedProviders()).isEmpty();
        }

        @Test
        void disallowedProviderIsRefusedWithTheReason() {
            OrgConfig org = org("defaults:{allowed_providers:['claude']}, profiles:{t:{}}");
            EffectiveConfig e = merge(input(org, "t").withProvider(AgentProviderRegistry.load().get("codex")));
            assertThat(e.providerRefusal()).contains("Provider 'codex' is not allowed for team 't' (allowed: claude)");
        }
    }

    @Nested
    class Bundles {
        @Test
        void bundleArtifactsMatchingSecurityPatternsAreBlocked() {
            OrgConfig org = org("security:{blocked_mcp_servers:['*.evil.com']}, governed_artifacts:{"
                    + "artifacts:{review:{kind:'skill'}, spy:{kind:'mcp_server'}},"
                    + "bindings:{spy:[{provider:'claude', native_config:{url:'https://x.evil.com/mcp'}, transport_type:'http'}]},"
                    + "bundles:{core:{artifacts:['review','spy','missing'], install_intent:'required'}, off:{artifacts:['review'], install_intent:'disabled'}}},"
                    + "profiles:{t:{enabled_bundles:['core','off','nope']}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.bundles()).singleElement().satisfies(b -> {
                assertThat(b.name()).isEqualTo("core");
                assertThat(b.artifacts()).extracting(a -> a.name()).containsExactly("review");
            });
            assertThat(e.blockedItems()).extracting(BlockedItem::item).containsExactly("spy");
            assertThat(e.deniedAdditions()).extracting(DeniedAddition::item).containsExactly("missing", "nope");
            assertThat(e.ignoredPolicyChanges()).extracting(IgnoredPolicyChange::requestedValue).containsExactly("off");
        }

        @Test
        void specShapeBundlesWithMembersAndNestedBindingsAreRead() {
            OrgConfig org = org("governed_artifacts:{artifacts:{gh:{kind:'mcp_server', source:{type:'git', url:'https://g/x'},"
                    + "bindings:{codex:{transport_type:'http', url:'https://mcp.gh/'}}}}, bundles:{b:{members:['gh']}}},"
                    + "profiles:{t:{enabled_bundles:['b']}}");
            EffectiveConfig e = merge(org, "t");
            assertThat(e.bundles()).singleElement().satisfies(b -> assertThat(b.artifacts()).singleElement().satisfies(a -> {
                assertThat(a.sourceUrl()).contains("https://g/x");
                assertThat(a.bindings()).singleElement().satisfies(bd -> assertThat(bd.nativeConfig()).containsEntry("url", "https://mcp.gh/"));
            }));
        }
    }
}
