package io.hookstream.worker.executor.function.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobNamesTest {

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String LABEL_VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?";

    @Test
    void jobNameIsStablePerHookAndAttemptAndAValidName() {
        String name = JobNames.jobName("4f1c-run/0", 1);

        assertThat(name)
                .isEqualTo(JobNames.jobName("4f1c-run/0", 1))
                .matches(DNS_LABEL)
                .hasSizeLessThan(64)
                .startsWith("hookstream-")
                .endsWith("-1");
        assertThat(JobNames.jobName("4f1c-run/0", 2)).isNotEqualTo(name);
        assertThat(JobNames.jobName("4f1c-run/1", 1)).isNotEqualTo(name);
    }

    @Test
    void labelValuesAreMadeSafeAndLongOnesKeepAHashSuffix() {
        assertThat(JobNames.labelValue("dump db/orders!"))
                .isEqualTo("dump-db-orders")
                .matches(LABEL_VALUE);
        assertThat(JobNames.labelValue("--x--")).isEqualTo("x");
        String longValue = "a".repeat(80);
        assertThat(JobNames.labelValue(longValue))
                .hasSize(63)
                .matches(LABEL_VALUE)
                .isNotEqualTo(JobNames.labelValue("a".repeat(81)));
    }
}
