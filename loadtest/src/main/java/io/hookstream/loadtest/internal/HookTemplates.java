package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.LoadTestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HookTemplates the tool's run requests use, in namespace {@value #NAMESPACE}: {@code loadtest-tcp} and
 * {@code loadtest-http} (calling the tool's server on 127.0.0.1 at the action port; the http hook posts its
 * {@value #HOOK_ID_PARAM} param, which the tool sets to the hook's id, so the server can count invocations per
 * hook — httpGet paths are not templated, httpPost bodies are), {@code loadtest-exec} ({@code true}) and
 * {@code loadtest-echo} ({@code /bin/echo} of the {@value #PAYLOAD_PARAM} param). With
 * {@code --embedded} they are written to a temporary templates directory; against an existing cluster they must
 * be in the dispatcher's templates directory ({@code hookstream loadtest --print-templates --action-port N}).
 */
public final class HookTemplates {

    public static final String NAMESPACE = "hookstream-loadtest";
    public static final String PAYLOAD_PARAM = "PAYLOAD";
    public static final String HOOK_ID_PARAM = "HOOK_ID";
    public static final String HTTP_PATH = "/hook";

    private HookTemplates() {}

    /** Multi-document YAML of every load-test template; tcp and http name {@code port} (1 when it is 0). */
    public static String yaml(int port) {
        int p = port > 0 ? port : 1;
        return "# HookTemplates of `hookstream loadtest` (generated). tcp and http call the tool's server on"
                + " 127.0.0.1:" + p + ".\n"
                + header("loadtest-tcp")
                + "  action:\n"
                + "    tcpSocket:\n"
                + "      host: 127.0.0.1\n"
                + "      port: " + p + "\n"
                + executor()
                + header("loadtest-http")
                + "  params:\n"
                + "  - name: " + HOOK_ID_PARAM + "\n"
                + "    usage: The hook's id, posted so the tool's server can count invocations per hook\n"
                + "    required: true\n"
                + "  action:\n"
                + "    httpPost:\n"
                + "      host: 127.0.0.1\n"
                + "      port: " + p + "\n"
                + "      path: " + HTTP_PATH + "\n"
                + "      scheme: HTTP\n"
                + "      body: \"{{ .Params." + HOOK_ID_PARAM + " }}\"\n"
                + executor()
                + header("loadtest-exec")
                + "  action:\n"
                + "    exec:\n"
                + "      command: [\"true\"]\n"
                + executor()
                + header("loadtest-echo")
                + "  params:\n"
                + "  - name: " + PAYLOAD_PARAM + "\n"
                + "    usage: Text the hook prints\n"
                + "    required: true\n"
                + "  action:\n"
                + "    exec:\n"
                + "      command: [\"/bin/echo\", \"{{ .Params." + PAYLOAD_PARAM + " }}\"]\n"
                + executor();
    }

    /** Writes {@code loadtest.yaml} into {@code dir}. */
    public static Path write(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("loadtest.yaml"), yaml(port));
        } catch (IOException e) {
            throw new LoadTestException(
                    "TemplatesNotWritable",
                    "cannot write the load-test templates to " + dir + ": " + e.getMessage()
                            + "; check that the temporary directory is writable",
                    e);
        }
    }

    private static String header(String name) {
        return "---\n"
                + "apiVersion: core.kubestash.com/v1alpha1\n"
                + "kind: HookTemplate\n"
                + "metadata:\n"
                + "  name: " + name + "\n"
                + "  namespace: " + NAMESPACE + "\n"
                + "spec:\n"
                + "  usagePolicy:\n"
                + "    allowedNamespaces:\n"
                + "      from: Same\n";
    }

    private static String executor() {
        return "  executor:\n" + "    type: Operator\n";
    }
}
