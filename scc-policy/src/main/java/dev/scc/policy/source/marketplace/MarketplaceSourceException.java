package dev.scc.policy.source.marketplace;

import dev.scc.policy.source.PolicySourceException;

/**
 * A governed plugin marketplace cannot be materialised: a bad source, a clone that failed, an offline cache miss,
 * an unsafe tree (symlink, device file, too large), or no {@code .claude-plugin/marketplace.json} with the
 * marketplace's name. The message names the plan key ({@code marketplace:<name>}), the source and the reason; it
 * never contains URL credentials. A launch that meets one fails closed.
 */
public class MarketplaceSourceException extends PolicySourceException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public MarketplaceSourceException(String key, String source, String reason, String expected, Throwable cause) {
        super(source, "governed marketplace " + key + " (" + source + "): " + reason, expected, -1, cause);
        this.key = key;
    }

    public MarketplaceSourceException(String key, String source, String reason, String expected) {
        this(key, source, reason, expected, null);
    }

    /** The plan key of the marketplace concerned. */
    public String key() {
        return key;
    }
}
