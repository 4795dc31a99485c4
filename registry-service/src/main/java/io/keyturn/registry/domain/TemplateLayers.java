package io.keyturn.registry.domain;

import io.keyturn.events.device.TemplateRef;
import io.keyturn.protocol.profile.FlatProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order templates apply in: the model's base, then each group prefix's overrides from the broadest to the
 * device's own group, then the device's parameters. A later layer's value wins (spa-protocol.md §4.1).
 */
public final class TemplateLayers {

    private TemplateLayers() {
    }

    /** The ids that apply to a device of {@code model} in {@code group}, whether they exist or not, in order. */
    public static List<String> candidateIds(DeviceModel model, GroupPath group) {
        List<String> ids = new ArrayList<>();
        ids.add(new TemplateKey(TemplateKey.Scope.MODEL, model.name()).id());
        if (group != null) {
            for (String prefix : group.prefixes()) {
                ids.add(new TemplateKey(TemplateKey.Scope.GROUP, prefix).id());
            }
        }
        return ids;
    }

    /** The refs to the templates that exist ({@code versions} by id), in the order they apply. */
    public static List<TemplateRef> refs(DeviceModel model, GroupPath group, Map<String, Long> versions) {
        List<TemplateRef> refs = new ArrayList<>();
        for (String id : candidateIds(model, group)) {
            Long v = versions.get(id);
            if (v != null) {
                refs.add(new TemplateRef(id, v));
            }
        }
        return refs;
    }

    /** The profile of the layers in order, device parameters last; secret parameters are not part of it. */
    public static FlatProfile render(List<FlatProfile> layers, Map<String, String> params) {
        FlatProfile out = FlatProfile.empty();
        for (FlatProfile layer : layers) {
            out = out.apply(layer);
        }
        FlatProfile.Builder device = FlatProfile.builder();
        params.forEach(device::set);
        return out.apply(device.build());
    }
}
