package dev.scc.core.model;

import java.util.List;

/** What the org lets a federated team's own config bring: its own marketplaces, from matching sources only. */
public record TrustGrant(
        boolean inheritOrgMarketplaces, boolean allowAdditionalMarketplaces, List<String> marketplaceSourcePatterns) {

    /** The reference's behaviour when a profile has no {@code trust}: org marketplaces, nothing of the team's. */
    public static final TrustGrant DEFAULT = new TrustGrant(true, false, List.of());

    public TrustGrant {
        marketplaceSourcePatterns = Lists.copy(marketplaceSourcePatterns);
    }
}
