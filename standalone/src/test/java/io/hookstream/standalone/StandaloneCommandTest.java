package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.testing.TestSigning;
import io.hookstream.worker.WorkerConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the standalone listens: loopback for both the dispatcher's API and the worker's /metrics and /health. */
class StandaloneCommandTest {

    @Test
    void theDispatcherAndTheWorkerListenOnLoopbackByDefault() {
        Map<String, String> flags = new HashMap<>();

        StandaloneCommand.loopbackUnlessSet(flags, TestSigning.ENV);

        ConfigReader reader = new ConfigReader(TestSigning.ENV, flags);
        assertThat(DispatcherConfig.from(reader).http().host()).isEqualTo("127.0.0.1");
        assertThat(WorkerConfig.from(reader).http().host()).isEqualTo("127.0.0.1");
        assertThat(WorkerConfig.from(reader).describe())
                .containsEntry("worker-http-host", "127.0.0.1")
                .containsEntry("worker-http-port", 8081);
    }

    @Test
    void theEnvironmentStillChoosesAnotherAddressForEach() {
        Map<String, String> env = new HashMap<>(TestSigning.ENV);
        env.put("HOOKSTREAM_WORKER_HTTP_HOST", "0.0.0.0");
        Map<String, String> flags = new HashMap<>();

        StandaloneCommand.loopbackUnlessSet(flags, env);

        ConfigReader reader = new ConfigReader(env, flags);
        assertThat(WorkerConfig.from(reader).http().host()).isEqualTo("0.0.0.0");
        assertThat(DispatcherConfig.from(reader).http().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void theDispatcherDescribesTheGroupTheWorkersJoinByDefaultAndWithTheSameSetting() {
        assertThat(DispatcherConfig.DEFAULT_WORKER_GROUP).isEqualTo(WorkerConfig.DEFAULT_GROUP);
        ConfigReader reader = new ConfigReader(TestSigning.ENV, Map.of("worker-group", "team-a-workers"));

        assertThat(DispatcherConfig.from(reader).workerGroup())
                .isEqualTo(WorkerConfig.from(reader).kafka().groupId())
                .isEqualTo("team-a-workers");
    }
}
