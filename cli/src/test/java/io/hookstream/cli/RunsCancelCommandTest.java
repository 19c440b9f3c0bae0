package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code hookstream runs cancel} usage errors: found before anything is sent, exit code 2, one line. */
class RunsCancelCommandTest {

    private static CapturedRun cancel(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "cancel";
        System.arraycopy(args, 0, all, 1, args.length);
        // nothing listens here: a command that got past its checks would fail with exit code 4, not 2
        all[args.length + 1] = "--bootstrap-servers";
        all[args.length + 2] = "127.0.0.1:1";
        all[args.length + 3] = "--dispatcher-url";
        all[args.length + 4] = "http://127.0.0.1:1";
        return CapturedRun.of(new RunsCommand(), all);
    }

    @Test
    void anInvalidRunIdIsAUsageError() {
        CapturedRun run = cancel("bad id!");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().trim())
                .isEqualTo("hookstream runs cancel: run id 'bad id!' is invalid: run ids are "
                        + "letters, digits and . _ : - (at most 200, starting with a letter or digit)");
    }

    @Test
    void aWaitThatIsNoPositiveDurationIsAUsageError() {
        assertThat(cancel("run-1", "--wait", "0s").err()).contains("--wait 0s: must be positive");
        CapturedRun run = cancel("run-1", "--wait", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("hookstream runs cancel: --wait: ");
    }

    @Test
    void anInvalidSinceOrViaIsAUsageError() {
        assertThat(cancel("run-1", "--since", "yesterday").exitCode()).isEqualTo(2);
        CapturedRun via = cancel("run-1", "--via", "pigeon");

        assertThat(via.exitCode()).isEqualTo(2);
        assertThat(via.err()).contains("--via", "pigeon");
    }

    @Test
    void theRunIdIsRequired() {
        CapturedRun run = CapturedRun.of(new RunsCommand(), "cancel");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'ID'");
    }

    @Test
    void helpListsTheExitCodes() {
        CapturedRun run = CapturedRun.of(new RunsCommand(), "cancel", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("--reason=TEXT", "--requested-by=NAME", "--wait[=TIMEOUT]", "3 timed out waiting");
    }
}
