package io.keyturn.events.rotation;

import io.keyturn.events.internal.Checks;
import java.util.regex.Pattern;

/** The field rules the rotation events share. */
final class RotationFieldRules {

    private static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RotationFieldRules() {
    }

    static void campaignId(String campaignId) {
        Checks.optionalMatching("campaignId", campaignId, CAMPAIGN_ID,
                "must be letters, digits, . _ : - (at most 64 characters)");
    }
}
