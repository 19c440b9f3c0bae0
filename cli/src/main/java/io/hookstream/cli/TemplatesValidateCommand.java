package io.hookstream.cli;

import io.hookstream.templates.catalog.LoadProblem;
import io.hookstream.templates.catalog.ManifestCheck;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hookstream templates validate PATH...}: checks HookTemplate (and Namespace) manifests as the dispatcher
 * loads them ({@link ManifestCheck}), printing every problem of every document in one pass, one
 * {@code file:line: field: problem} line each, and a summary. Exit code 0 when all is valid, 1 on any problem,
 * 2 on a usage error (such as a path that does not exist).
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Validate HookTemplate and Namespace manifests (files or directories, multi-document YAML or "
                    + "JSON) with the dispatcher's rules, template expressions included.",
            "Exit code: 0 all valid, 1 problems found, 2 usage error."
        })
public final class TemplatesValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "PATH",
            arity = "1..*",
            description = "Manifest files or directories (searched recursively for *.yaml, *.yml, *.json).")
    List<Path> paths;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table (file:line: field: problem lines and a summary) or json (one problem a line; the "
                    + "summary on stderr). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Override
    public Integer call() {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CliException(
                        "PathNotFound",
                        2,
                        path + " does not exist; give a HookTemplate manifest file " + "or a directory of them");
            }
        }
        if (output == OutputFormat.yaml) {
            throw new CliException("InvalidOption", 2, "--output yaml is not supported here; use table or json");
        }
        ManifestCheck.Report report = new ManifestCheck().check(paths);
        PrintWriter out = spec.commandLine().getOut();
        Output json = new Output(OutputFormat.json, out);
        for (LoadProblem problem : report.problems()) {
            if (output == OutputFormat.json) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("file", problem.file() == null ? null : problem.file().toString());
                line.put("line", problem.line());
                line.put("field", problem.field());
                line.put("message", problem.message());
                json.item(line);
            } else {
                out.println(problem);
            }
        }
        String summary = summary(report);
        PrintWriter summaryTo = output == OutputFormat.json ? spec.commandLine().getErr() : out;
        summaryTo.println(summary);
        summaryTo.flush();
        out.flush();
        return report.problems().isEmpty() ? 0 : 1;
    }

    static String summary(ManifestCheck.Report report) {
        return plural(report.validTemplates(), "template") + " valid, "
                + plural(report.problems().size(), "problem") + " in "
                + plural(report.documentsWithProblems(), "document") + " of "
                + plural(report.filesWithProblems(), "file")
                + " (" + plural(report.files(), "file") + " checked)";
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
