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

    /**
     * A group template's key. Group templates take the narrower paths the {@code keyturn.template.published} event
     * carries: lower-case segments of letters, digits, {@code _} and {@code -}, at most 16 of 63 characters.
     *
     * @throws RegistryException {@code INVALID_FIELD} for another path
     */
    public static TemplateKey group(String path) {
        String value = new GroupPath(path).value();
        if (!TEMPLATE_GROUP.matcher(value).matches()) {
            throw new RegistryException(RegistryException.Reason.INVALID_FIELD, "group " + FieldRules.quote(value)
                    + " cannot have a template: template groups are lower-case segments of letters, digits, _ and -"
                    + " (at most 16 segments of 63 characters)");
        }
        return new TemplateKey(Scope.GROUP, value);
    }

    private static final java.util.regex.Pattern TEMPLATE_GROUP =
            java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}(/[a-z0-9][a-z0-9_-]{0,62}){0,15}");

    /** {@code model/SPA962} or {@code group/region/north}. */
    public String id() {
        return (scope == Scope.MODEL ? "model/" : "group/") + target;
    }
}
