package dev.scc.safety;

import dev.scc.safety.internal.json.MiniJson;
import dev.scc.safety.internal.rules.Rule;
import dev.scc.safety.rules.Origin;
import dev.scc.safety.rules.RuleCodec;
import dev.scc.safety.rules.RuleDocumentException;
import dev.scc.safety.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a safety policy and never throws: a problem yields {@link SafetyPolicy#broken}, which blocks
 * every guarded command (fail closed).
 *
 * <p>Accepted documents (JSON):
 * <ul>
 *   <li>an <b>org config</b>: a top-level object with {@code security}, {@code organization} or
 *       {@code schema_version}; its {@code security.safety_net} is used, and an absent section means
 *       the defaults (every rule on);</li>
 *   <li>a <b>bare safety policy</b> (the container file, e.g. {@code /etc/scc/safety-policy.json}):
 *       the {@code safety_net} object itself.</li>
 * </ul>
 * Keys of a section: {@code action} (block|warn|allow), every {@code block_*} rule key (boolean; the
 * reference's schema group keys {@code block_checkout_restore}, {@code block_clean},
 * {@code block_stash_destructive} too), {@code network_tools} (destination|block-all|allow),
 * {@code allowed_destinations} (list of host patterns), {@code require_approval} (list of rule ids),
 * {@code protected_branches} (list of branch globs), {@code rules} (the action rules, each with its {@code origin};
 * an org config has them at the top level). Anything else makes the policy invalid. Rules that do not load make a
 * policy that blocks every command ({@link SafetyPolicy#brokenRules}).
 */
public final class SafetyPolicyLoader {
    /** Largest policy file read. */
    public static final long MAX_BYTES = 1024 * 1024;

    private SafetyPolicyLoader() {}

    /** Loads {@code file}; {@code requireProtectedFile} also refuses symlinks and files others may write. */
    public static SafetyPolicy load(Path file, boolean requireProtectedFile) {
        String source = file.toString();
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return SafetyPolicy.broken("policy file " + file + " does not exist", source);
            }
            if (requireProtectedFile) {
                Optional<String> why = unprotected(file);
                if (why.isPresent()) {
                    return SafetyPolicy.broken(why.get(), source);
                }
            }
            if (!Files.isRegularFile(file)) {
                return SafetyPolicy.broken("policy file " + file + " is not a regular file", source);
            }
            if (Files.size(file) > MAX_BYTES) {
                return SafetyPolicy.broken("policy file " + file + " is larger than " + MAX_BYTES + " bytes", source);
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return parse(text, source);
        } catch (CharacterCodingException e) {
            return SafetyPolicy.broken("policy file " + file + " is not UTF-8", source);
        } catch (IOException | SecurityException e) {
            return SafetyPolicy.broken("policy file " + file + " cannot be read: " + e.getMessage(), source);
        }
    }

    private static Optional<String> unprotected(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            return Optional.of("policy file " + file + " is a symbolic link; it must be a root-owned regular file");
        }
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("policy file " + file + " is writable by group or others; it must be mode 0644 or stricter");
        }
        String owner = a.owner().getName();
        String me = System.getProperty("user.name", "");
        if (!owner.equals("root") && !owner.equals(me)) {
            return Optional.of("policy file " + file + " is owned by " + owner + "; it must be owned by root");
        }
        return Optional.empty();
    }

    /** Parses policy JSON text (either accepted shape). */
    public static SafetyPolicy parse(String json, String source) {
        Object doc;
        try {
            doc = MiniJson.parse(json);
        } catch (MiniJson.JsonException e) {
            return SafetyPolicy.broken("policy " + source + " is not valid JSON: " + e.getMessage(), source);
        }
        if (!(doc instanceof Map)) {
            return SafetyPolicy.broken("policy " + source + " must be a JSON object", source);
        }
        Map<?, ?> root = (Map<?, ?>) doc;
        boolean org = root.containsKey("security") || root.containsKey("organization") || root.containsKey("schema_version");
        if (!org) {
            return section(root, source, "$");
        }
        if (root.containsKey("rules")) {
            SafetyPolicy base = orgSection(root, source);
            if (base.failure().isPresent()) {
                return base;
            }
            try {
                return base.withRules(RuleSet.of(RuleCodec.read(root.get("rules"), source, "rules", new Origin(Origin.Layer.ORG, "", source))));
            } catch (RuleDocumentException | IllegalArgumentException e) {
                return SafetyPolicy.brokenRules(e.getMessage(), source);
            }
        }
        return orgSection(root, source);
    }

    private static SafetyPolicy orgSection(Map<?, ?> root, String source) {
        Object security = root.get("security");
        if (security == null) {
            return SafetyPolicy.defaults(source);
        }
        if (!(security instanceof Map)) {
            return SafetyPolicy.broken(source + ": $.security must be an object", source);
        }
        Object net = ((Map<?, ?>) security).get("safety_net");
        if (net == null) {
            return SafetyPolicy.defaults(source);
        }
        if (!(net instanceof Map)) {
            return SafetyPolicy.broken(source + ": $.security.safety_net must be an object", source);
        }
        return section((Map<?, ?>) net, source, "$.security.safety_net");
    }

    private static SafetyPolicy section(Map<?, ?> m, String source, String path) {
        SafetyPolicy p;
        try {
            p = compile(m, source, path);
        } catch (SafetyPolicyException e) {
            return SafetyPolicy.broken(e.getMessage(), source);
        }
        if (!m.containsKey("rules")) {
            return p;
        }
        try {
            return p.withRules(RuleSet.of(RuleCodec.readWithOrigins(m.get("rules"), source, path + ".rules",
                    new Origin(Origin.Layer.ORG, "", source))));
        } catch (RuleDocumentException | IllegalArgumentException e) {
            return SafetyPolicy.brokenRules(e.getMessage(), source);
        }
    }

    private static SafetyPolicy compile(Map<?, ?> m, String source, String path) {
        SafetyPolicy.Action action = SafetyPolicy.Action.BLOCK;
        Set<String> disabled = new HashSet<>();
        NetworkMode mode = NetworkMode.DESTINATION;
        List<String> destinations = List.of();
        Set<String> approval = Set.of();
        List<String> branches = SafetyPolicy.DEFAULT_PROTECTED_BRANCHES;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = (String) e.getKey();
            Object v = e.getValue();
            String at = source + ": " + path + "." + key;
            switch (key) {
                case "action":
                    if (!(v instanceof String)) {
                        throw new SafetyPolicyException(at + " must be one of \"block\", \"warn\", \"allow\"");
                    }
                    switch ((String) v) {
                        case "block": action = SafetyPolicy.Action.BLOCK; break;
                        case "warn": action = SafetyPolicy.Action.WARN; break;
                        case "allow": action = SafetyPolicy.Action.ALLOW; break;
                        default: throw new SafetyPolicyException(at + " is \"" + v + "\"; expected one of \"block\", \"warn\", \"allow\"");
                    }
                    break;
                case "network_tools":
                    if (!(v instanceof String) || NetworkMode.fromWire((String) v).isEmpty()) {
                        throw new SafetyPolicyException(at + " must be one of \"destination\", \"block-all\", \"allow\"");
                    }
                    mode = NetworkMode.fromWire((String) v).get();
                    break;
                case "allowed_destinations":
                    destinations = strings(v, at);
                    break;
                case "protected_branches":
                    branches = strings(v, at);
                    break;
                case "rules":
                    break; // read by section()
                case "require_approval": {
                    Set<String> ids = new LinkedHashSet<>();
                    for (String id : strings(v, at)) {
                        Optional<Rule> r = Rule.byId(id);
                        if (r.isEmpty() || !Rule.approvable().contains(r.get())) {
                            throw new SafetyPolicyException(at + " names \"" + id + "\", which is not a git rule id (e.g. \""
                                    + Rule.GIT_PUSH_PROTECTED.id() + "\", \"" + Rule.GIT_FORCE_PUSH.id() + "\")");
                        }
                        ids.add(id);
                    }
                    approval = ids;
                    break;
                }
                default:
                    if (!(v instanceof Boolean)) {
                        if (ruleKey(key).isPresent()) {
                            throw new SafetyPolicyException(at + " must be true or false (got " + describe(v) + ")");
                        }
                    }
                    Optional<Set<Rule>> rules = ruleKey(key);
                    if (rules.isEmpty()) {
                        throw new SafetyPolicyException(at + " is not a known safety_net key (known: action, network_tools, "
                                + "allowed_destinations, require_approval, protected_branches, block_*)");
                    }
                    if (!((Boolean) v)) {
                        rules.get().forEach(r -> disabled.add(r.id()));
                    }
            }
        }
        return new SafetyPolicy(action, disabled, mode, destinations, approval, branches, Optional.empty(), source);
    }

    private static Optional<Set<Rule>> ruleKey(String key) {
        if (Rule.GROUP_KEYS.containsKey(key)) {
            return Optional.of(Rule.GROUP_KEYS.get(key));
        }
        for (Rule r : Rule.values()) {
            if (r.policyKey().map(key::equals).orElse(false)) {
                return Optional.of(Set.of(r));
            }
        }
        return Optional.empty();
    }

    private static List<String> strings(Object v, String at) {
        if (!(v instanceof List)) {
            throw new SafetyPolicyException(at + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String) || ((String) o).isBlank()) {
                throw new SafetyPolicyException(at + " must contain only non-empty strings (got " + describe(o) + ")");
            }
            out.add((String) o);
        }
        return out;
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            return "the string " + MiniJson.quote((String) v);
        }
        return v == MiniJson.NULL ? "null" : String.valueOf(v);
    }
}
