package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesAccessTest {

    @TempDir
    Path home;

    @Test
    void autoIsOnWithAKubeconfigAndSaysWhichOne() throws Exception {
        Path kubeconfig = Files.writeString(home.resolve("config"), "apiVersion: v1\n");

        KubernetesAccess.Decision decision = KubernetesAccess.AUTO.decide(
                Map.of("KUBECONFIG", "/no/such/file" + java.io.File.pathSeparator + kubeconfig), home);

        assertThat(decision).isEqualTo(new KubernetesAccess.Decision(true, "kubeconfig " + kubeconfig));
    }

    @Test
    void autoFindsTheHomeKubeconfigAndIsOffWithoutOne() throws Exception {
        assertThat(KubernetesAccess.AUTO.decide(Map.of(), home).enabled()).isFalse();

        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\n");

        assertThat(KubernetesAccess.AUTO.decide(Map.of(), home).where()).endsWith(".kube/config");
    }

    @Test
    void onAndOffDecideWithoutLooking() {
        assertThat(KubernetesAccess.ON.decide(Map.of(), home).enabled()).isTrue();
        assertThat(KubernetesAccess.OFF
                        .decide(Map.of("KUBECONFIG", "/etc/hostname"), home)
                        .enabled())
                .isFalse();
    }

    @Test
    void aProcessNeedsAccessWhenEitherPartDoes() {
        assertThat(KubernetesAccess.OFF.or(KubernetesAccess.ON)).isEqualTo(KubernetesAccess.ON);
        assertThat(KubernetesAccess.AUTO.or(KubernetesAccess.OFF)).isEqualTo(KubernetesAccess.AUTO);
        assertThat(KubernetesAccess.OFF.or(KubernetesAccess.OFF)).isEqualTo(KubernetesAccess.OFF);
    }

    @Test
    void theSettingAcceptsAutoAndTheUsualWordsForOnAndOff() {
        assertThat(KubernetesAccess.parse(" Yes ")).contains(KubernetesAccess.ON);
        assertThat(KubernetesAccess.parse("off")).contains(KubernetesAccess.OFF);
        assertThat(KubernetesAccess.parse("maybe")).isEmpty();
        assertThat(KubernetesAccess.ON.configValue()).isEqualTo("true");
    }
}
