package dev.scc.runtime.docker.egress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated, normalised set of allowed destinations for the enforced posture: exact host names
 * ({@code api.anthropic.com}) and domain suffixes ({@code .github.com}, which also match the bare domain).
 * IP literals and CIDRs are refused: the enforced posture denies every IP literal so that the allowlist is
 * about names only. Entries covered by a suffix are dropped (Squid warns about them).
 */
public final class EgressAllowlist {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4ISH = Pattern.compile("[0-9.]+(/[0-9]+)?");

    private final List<String> entries;

    private EgressAllowlist(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Validates and normalises {@code destinations} (case-insensitive; {@code *.x} means {@code .x}).
     *
     * @throws EgressPolicyException naming the bad entry and what is accepted
     */
    public static EgressAllowlist of(Collection<String> destinations) {
        TreeSet<String> normalised = new TreeSet<>();
        for (String raw : destinations) {
            normalised.add(normalise(raw));
        }
        List<String> kept = new ArrayList<>();
        for (String e : normalised) {
            boolean covered = normalised.stream().anyMatch(s -> s.startsWith(".") && !s.equals(e)
                    && (e.endsWith(s) || e.equals(s.substring(1))));
            if (!covered) {
                kept.add(e);
            }
        }
        return new EgressAllowlist(kept);
    }

    private static String normalise(String raw) {
        String d = raw.trim().toLowerCase(Locale.ROOT);
        if (d.startsWith("*.")) {
            d = d.substring(1);
        }
        if (d.endsWith(".") && d.length() > 1) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.contains(":") || d.contains("[") || IPV4ISH.matcher(d).matches() || d.contains("/")) {
            throw new EgressPolicyException(raw, "IP literals and CIDR ranges cannot be allowed under "
                    + "web-egress-enforced (every IP literal is denied); allow the host name instead");
        }
        String host = d.startsWith(".") ? d.substring(1) : d;
        if (host.isEmpty() || host.length() > 253) {
            throw new EgressPolicyException(raw, "a host name or .domain suffix of 1 to 253 characters");
        }
        String[] labels = host.split("\\.", -1);
        if (labels.length < 1) {
            throw new EgressPolicyException(raw, "a host name such as api.example.com or a suffix such as .example.com");
        }
        for (String l : labels) {
            if (!LABEL.matcher(l).matches()) {
                throw new EgressPolicyException(raw, "a host name such as api.example.com or a suffix such as "
                        + ".example.com (labels of letters, digits and inner hyphens; '*' only as a leading '*.')");
            }
        }
        if (d.startsWith(".") && labels.length < 2) {
            throw new EgressPolicyException(raw, "a suffix with at least two labels (.example.com); a bare top-level "
                    + "domain would allow too much");
        }
        return d;
    }

    /** Sorted entries: exact names and {@code .suffix}es. */
    public List<String> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** True when Squid's {@code dstdomain} would match {@code host} against this list. */
    public boolean allows(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String e : entries) {
            if (e.startsWith(".") ? (h.endsWith(e) || h.equals(e.substring(1))) : h.equals(e)) {
                return true;
            }
        }
        return false;
    }
}
