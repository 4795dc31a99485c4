package io.keyturn.registry.domain;

/**
 * Which template: the base of one model ({@code model/SPA962}) or the overrides of one group
 * ({@code group/region/north}). The id is the template's name in events and {@code TemplateRef}s.
 */
public record TemplateKey(Scope scope, String target) {

    public enum Scope { MODEL, GROUP }

    public static TemplateKey model(String model) {
        return new TemplateKey(Scope.MODEL, DeviceModel.require(model).name());
    }

    public static TemplateKey group(String path) {
        return new TemplateKey(Scope.GROUP, new GroupPath(path).value());
    }

    /** {@code model/SPA962} or {@code group/region/north}. */
    public String id() {
        return (scope == Scope.MODEL ? "model/" : "group/") + target;
    }
}
