package io.hookstream.cli;

import io.hookstream.kafka.signing.SigningKeys;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hookstream signing-key}: prints a new hook signing key, {@code <key-id>=<base64url secret>}, ready for
 * {@code HOOKSTREAM_HOOK_SIGNING_KEYS} or a keys file. Only the key goes to stdout, so it can be piped into a
 * Secret; the hint goes to stderr.
 */
@Command(
        name = "signing-key",
        mixinStandardHelpOptions = true,
        description = "Print a new random hook signing key (<key-id>=<secret>) for HOOKSTREAM_HOOK_SIGNING_KEYS or"
                + " --hook-signing-keys-file.")
public final class SigningKeyCommand implements Callable<Integer> {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--id",
            description = "Key id (letters, digits, '.', '_', '-'); default: today's date, e.g." + " 2026-11-27.")
    String id;

    @Override
    public Integer call() {
        String keyId = id == null ? LocalDate.now(ZoneOffset.UTC).toString() : id;
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--id '" + keyId + "' is not valid: use" + " letters, digits, '.', '_' or '-' (at most 64)");
        }
        spec.commandLine().getOut().println(SigningKeys.generate(keyId).toText());
        spec.commandLine()
                .getErr()
                .println(
                        "# give the same keys to the dispatcher and every worker, e.g.\n"
                                + "#   kubectl -n hookstream create secret generic hookstream-signing --from-literal=keys=\"$(hookstream"
                                + " signing-key)\"\n# to rotate: add the new key to every process's list first, then put it first"
                                + " on the dispatcher (or --hook-signing-key-id), and remove the old key after --hook-signature-ttl");
        return 0;
    }
}
