package dev.scc.safety.rules;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a rule comes from: its layer, a name within the layer (the pack for built-in rules, the team for team
 * rules) and the file it was read from (empty for built-in rules). Layers are ordered by authority.
 */
public record Origin(Layer layer, String name, String file) {

    /** The layers of the trust hierarchy, most authoritative first. */
    public enum Layer {
        /** SCC's built-in default packs (git, network), switched by {@code security.safety_net}. */
        BUILTIN("builtin"),
        /** The org config: absolute. */
        ORG("org"),
        /** A delegated team config: may only make decisions stricter. */
        TEAM("team"),
        /** A project's {@code .scc.yaml}: may only make decisions stricter. */
        PROJECT("project");

        private final String key;

        Layer(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** True for the layers whose rules a policy exception may lift (team and project, never org or built-in). */
        public boolean liftable() {
            return this == TEAM || this == PROJECT;
        }

        public static Optional<Layer> fromKey(String key) {
            return Arrays.stream(values()).filter(l -> l.key.equals(key)).findFirst();
        }
    }

    /** The origin of a rule of a built-in pack. */
    public static Origin builtin(String pack) {
        return new Origin(Layer.BUILTIN, pack, "");
    }

    /** {@code org}, {@code team:backend}, {@code builtin:git} (for traces and explain). */
    public String label() {
        return name.isEmpty() ? layer.key : layer.key + ":" + name;
    }
}
