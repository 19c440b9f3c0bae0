package io.hookstream.dispatcher.internal;

/** Query parameters that more than one endpoint reads, checked alike: a bad one is an error naming it. */
final class ApiParams {

    private ApiParams() {}

    /**
     * {@code limit}: a whole number from 1 to {@code max}, {@code fallback} when absent or blank.
     *
     * @throws IllegalArgumentException naming the parameter, its value and the range
     */
    static int limit(String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(
                "limit: '" + value + "' is not a whole number from 1 to " + max + " (default " + fallback + ")");
    }
}
