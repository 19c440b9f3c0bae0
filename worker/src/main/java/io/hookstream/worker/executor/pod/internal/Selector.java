package io.hookstream.worker.executor.pod.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed label selector: pods match when every requirement does. {@code text} is what the template wrote. */
public record Selector(String text, List<Requirement> requirements) {

    public Selector {
        requirements = List.copyOf(requirements);
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> present = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(requirement -> requirement.matches(present));
    }

    /**
     * The {@code key=value} requirements, for the API server to filter the list by; the other requirements are
     * checked on the listed pods. Null when a key is required to equal two different values (no pod matches).
     */
    public Map<String, String> equalities() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Requirement requirement : requirements) {
            Map.Entry<String, String> equality = requirement.equality();
            if (equality != null) {
                String before = labels.putIfAbsent(equality.getKey(), equality.getValue());
                if (before != null && !before.equals(equality.getValue())) {
                    return null;
                }
            }
        }
        return labels;
    }
}
