package dev.scc.safety.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.internal.json.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Which programs the org's command rules have wrapped in the image, and why the others get none. */
class WrappedProgramsTest {

    private static List<ActionRule> rules(Origin origin, String json) {
        return RuleCodec.read(MiniJson.parse(json), "org.yaml", "rules", origin);
    }

    private static final Origin ORG = new Origin(Origin.Layer.ORG, "", "org.yaml");
    private static final Origin TEAM = new Origin(Origin.Layer.TEAM, "backend", "org.yaml");
    private static final Origin PROJECT = new Origin(Origin.Layer.PROJECT, "", ".scc.yaml");

    @Test
    void theProgramWordOfEachOrgCommandPatternIsWrappedWhateverTheWordsAfterIt() {
        WrappedPrograms.Plan p = WrappedPrograms.of(rules(ORG, "["
                + "{\"id\":\"no-drop\",\"match\":{\"command\":[\"psql * --command *DROP*\",\"mysql -e *\"]},\"decision\":\"deny\"},"
                + "{\"id\":\"gh-merge\",\"match\":{\"command\":[\"gh pr merge\",\"gh ** delete\"]},\"decision\":\"require_approval\"}]"));
        assertThat(p.programs()).containsExactly("gh", "mysql", "psql");
        assertThat(p.required()).containsExactly("gh", "mysql", "psql");
        assertThat(p.skipped()).isEmpty();
        assertThat(p.label()).isEqualTo("gh mysql psql");
    }

    @Test
    void programsEveryImageAlreadyWrapsAreNotListedAgain() {
        WrappedPrograms.Plan p = WrappedPrograms.of(rules(ORG, "["
                + "{\"id\":\"d\",\"match\":{\"command\":[\"terraform destroy\",\"kubectl * delete\",\"git push --force\"]},"
                + "\"decision\":\"deny\"}]"));
        assertThat(p.programs()).isEmpty();
        assertThat(p.required()).isEmpty();
        assertThat(p.skipped()).isEmpty();
    }

    @Test
    void aGlobProgramIsSkippedWithItsReasonAndTheRestOfTheRuleStillCounts() {
        WrappedPrograms.Plan p = WrappedPrograms.of(rules(ORG, "["
                + "{\"id\":\"dbs\",\"match\":{\"command\":[\"psql*\",\"mysql\"]},\"decision\":\"deny\"}]"));
        assertThat(p.programs()).containsExactly("mysql");
        assertThat(p.skipped()).singleElement().satisfies(s -> {
            assertThat(s.ruleId()).isEqualTo("dbs");
            assertThat(s.pattern()).isEqualTo("psql*");
            assertThat(s.reason()).contains("glob").contains("hooks judge it");
        });
    }

    @Test
    void wrappersTheAnalyserLooksThroughAreSkippedBecauseNoJudgedCommandStartsWithThem() {
        WrappedPrograms.Plan p = WrappedPrograms.of(rules(ORG, "["
                + "{\"id\":\"s\",\"match\":{\"command\":[\"sudo psql\",\"timeout psql\",\"xargs psql\",\"nice psql\"]},"
                + "\"decision\":\"deny\"}]"));
        assertThat(p.programs()).isEmpty();
        assertThat(p.skipped()).extracting(WrappedPrograms.Skipped::pattern)
                .containsExactly("sudo psql", "timeout psql", "xargs psql", "nice psql");
        assertThat(p.skipped()).allSatisfy(s -> assertThat(s.reason()).contains("looks through")
                .contains("name the program it runs"));
    }

    @Test
    void theSandboxsOwnProgramsAreNeverWrapped() {
        WrappedPrograms.Plan p = WrappedPrograms.of(rules(ORG, "["
                + "{\"id\":\"m\",\"match\":{\"command\":[\"java -jar\",\"node -e\",\"sleep\",\"bash -c\"]},"
                + "\"decision\":\"deny\"}]"));
        assertThat(p.programs()).isEmpty();
        assertThat(p.skipped()).extracting(WrappedPrograms.Skipped::pattern)
                .containsExactly("java -jar", "node -e", "sleep", "bash -c");
        assertThat(p.skipped().get(0).reason()).contains("SCC's own sandbox");
    }

    @Test
    void pathsAndNamesTheInstallScriptRefusesAreNeverPassedOn() {
        assertThat(WrappedPrograms.whyNot("/usr/bin/psql")).get().asString().contains("is a path");
        assertThat(WrappedPrograms.whyNot("../psql")).get().asString().contains("is a path");
        assertThat(WrappedPrograms.whyNot(".hidden")).get().asString().contains("not a program name");
        assertThat(WrappedPrograms.whyNot("ps;ql")).get().asString().contains("not a program name");
        assertThat(WrappedPrograms.whyNot("psql")).isEmpty();
        assertThat(WrappedPrograms.whyNot("g++")).isEmpty();
    }

    @Test
    void delegatedTeamRulesCountAndProjectAndBuiltInRulesDoNot() {
        List<ActionRule> all = new java.util.ArrayList<>(rules(TEAM,
                "[{\"id\":\"t\",\"match\":{\"command\":[\"gh repo delete\"]},\"decision\":\"deny\"}]"));
        all.addAll(rules(PROJECT, "[{\"id\":\"p\",\"match\":{\"command\":[\"redis-cli flushall\"]},\"decision\":\"deny\"}]"));
        all.addAll(BuiltinPack.effective(java.util.Map.of()));
        assertThat(WrappedPrograms.of(all).programs()).containsExactly("gh");
    }

    @Test
    void aProgramOnlyShadowRulesNameIsWrappedButNotRequiredAtLaunch() {
        WrappedPrograms.Plan p = WrappedPrograms.of(rules(ORG, "["
                + "{\"id\":\"shadow-deploy\",\"match\":{\"command\":[\"deploy\",\"psql\"]},\"decision\":\"deny\",\"enforce\":false},"
                + "{\"id\":\"psql\",\"match\":{\"command\":[\"psql -c *\"]},\"decision\":\"warn\"}]"));
        assertThat(p.programs()).containsExactly("deploy", "psql");
        assertThat(p.required()).containsExactly("psql");
    }

    @Test
    void theBuiltInListIsTheInstallScriptsOwn() throws Exception {
        String script = Files.readString(Path.of("src/main/docker/install-wrappers.sh"));
        Matcher m = Pattern.compile("for tool in ([a-z ]+) \\$\\{SCC_WRAP_PROGRAMS").matcher(script);
        assertThat(m.find()).as("the install script's tool loop").isTrue();
        assertThat(new java.util.TreeSet<>(List.of(m.group(1).trim().split(" ")))).isEqualTo(WrappedPrograms.BUILT_IN);
    }

    @Property
    void aLabelReadsBackAsTheSetItWasWrittenFrom(@ForAll List<@StringLength(min = 1, max = 8)
            @net.jqwik.api.constraints.AlphaChars String> names) {
        java.util.SortedSet<String> set = new java.util.TreeSet<>(names);
        assertThat(WrappedPrograms.fromLabel(WrappedPrograms.label(set))).isEqualTo(set);
    }

    @Test
    void anAbsentOrBlankLabelListsNothing() {
        assertThat(WrappedPrograms.fromLabel(null)).isEmpty();
        assertThat(WrappedPrograms.fromLabel("  ")).isEmpty();
        assertThat(WrappedPrograms.fromLabel(" psql  gh ")).containsExactly("gh", "psql");
    }
}
