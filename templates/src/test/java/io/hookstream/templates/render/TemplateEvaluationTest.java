package io.hookstream.templates.render;

import static io.hookstream.templates.render.Fixtures.BARE;
import static io.hookstream.templates.render.Fixtures.SESSION;
import static io.hookstream.templates.render.Fixtures.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateEvaluationTest {

    @Test
    void textWithoutActionsIsUnchanged() {
        assertThat(body("plain {text} with } braces { and $HOME")).isEqualTo("plain {text} with } braces { and $HOME");
    }

    @Test
    void sessionFieldsRender() {
        assertThat(body("{{ .Name }}|{{ .Namespace }}|{{ .Invoker.Kind }}|{{ .Invoker.Name }}|{{ .Invoker.APIGroup }}"))
                .isEqualTo("app-backup-1700000000|demo|BackupConfiguration|app-backup|core.kubestash.com");
        assertThat(body("{{.Target.Name}}|{{.Target.Kind}}|{{.Target.Namespace}}|{{.Target.APIGroup}}"))
                .isEqualTo("mysql|StatefulSet|demo|apps");
        assertThat(body("{{ .Status.Phase }}|{{ .Status.Duration }}|{{ .Status.Error }}"))
                .isEqualTo("Failed|1m30s|repository \"s3\" unreachable");
    }

    @Test
    void paramsRenderAndDeclaredParamWithoutValueIsEmpty() {
        assertThat(body("db={{ .Params.TARGET_DB }} empty=[{{ .Params.EMPTY }}]"))
                .isEqualTo("db=orders empty=[]");
    }

    @Test
    void absentInvokerTargetAndStatusRenderTheirFieldsAsEmpty() {
        assertThat(body(
                        "[{{ .Invoker.Kind }}][{{ .Target.Name }}][{{ .Status.Phase }}][{{ .Status.Error }}]",
                        BARE,
                        Map.of()))
                .isEqualTo("[][][][]");
        assertThat(body("[{{ .Invoker }}]", BARE, Map.of())).isEqualTo("[]");
    }

    @Test
    void toJsonEncodesTheSummaryWithKubeStashJsonNames() {
        assertThat(body("{{ toJson . }}"))
                .isEqualTo(
                        "{\"name\":\"app-backup-1700000000\",\"namespace\":\"demo\","
                                + "\"invoker\":{\"apiGroup\":\"core.kubestash.com\",\"kind\":\"BackupConfiguration\",\"name\":\"app-backup\"},"
                                + "\"target\":{\"apiGroup\":\"apps\",\"kind\":\"StatefulSet\",\"namespace\":\"demo\",\"name\":\"mysql\"},"
                                + "\"status\":{\"phase\":\"Failed\",\"duration\":\"1m30s\",\"error\":\"repository \\\"s3\\\" unreachable\"}}");
        assertThat(body("{{ .Status | toJson }}"))
                .isEqualTo(
                        "{\"phase\":\"Failed\",\"duration\":\"1m30s\",\"error\":\"repository \\\"s3\\\" unreachable\"}");
        assertThat(body("{{ toJson . }}", BARE, Map.of())).isEqualTo("{\"name\":\"s1\",\"namespace\":\"demo\"}");
        assertThat(body("{{ toJson .Invoker }}", BARE, Map.of())).isEqualTo("null");
    }

    @Test
    void toJsonEscapesAsGoDoes() {
        assertThat(body("{{ toJson .Params.V }}", SESSION, Map.of("V", "a\"b\\c\n<&>\t\u0001é")))
                .isEqualTo("\"a\\\"b\\\\c\\n\\u003c\\u0026\\u003e\\t\\u0001é\"");
        assertThat(body(
                        "{{ toJson 42 }} {{ toJson 1.5 }} {{ toJson true }} {{ toJson .Params }}",
                        SESSION,
                        Map.of("B", "2", "A", "1")))
                .isEqualTo("42 1.5 true {\"A\":\"1\",\"B\":\"2\"}");
    }

    @Test
    void dictBuildsSortedJsonObjects() {
        assertThat(body("{{ dict \"text\" (printf \"backup %s: %s\" .Name .Status.Phase) \"channel\" .Params.TARGET_DB"
                        + " | toJson }}"))
                .isEqualTo("{\"channel\":\"orders\",\"text\":\"backup app-backup-1700000000: Failed\"}");
        assertThat(body("{{ toJson (dict) }}")).isEqualTo("{}");
        assertThat(body("{{ toJson (dict \"n\" 3 \"inv\" .Invoker) }}"))
                .isEqualTo("{\"inv\":{\"apiGroup\":\"core.kubestash.com\",\"kind\":\"BackupConfiguration\","
                        + "\"name\":\"app-backup\"},\"n\":3}");
    }

    @Test
    void defaultReplacesEmptyValuesOnly() {
        assertThat(body("{{ default \"none\" .Params.EMPTY }}|{{ .Params.EMPTY | default \"piped\" }}"))
                .isEqualTo("none|piped");
        assertThat(body("{{ default \"none\" .Params.TARGET_DB }}|{{ default \"x\" \"\" }}|{{ default \"x\" 0 }}"
                        + "|{{ default \"x\" false }}|{{ default \"x\" 7 }}"))
                .isEqualTo("orders|x|x|x|7");
        assertThat(body("{{ .Invoker.Kind | default \"manual\" }}|{{ default \"no-status\" .Status }}", BARE, Map.of()))
                .isEqualTo("manual|no-status");
    }

    @Test
    void quoteWrapsInGoQuotes() {
        assertThat(body("{{ quote .Params.V }}", SESSION, Map.of("V", "say \"hi\"\\\n\t\u0007\u00a0é😀")))
                .isEqualTo("\"say \\\"hi\\\"\\\\\\n\\t\\a\\u00a0é😀\"");
        assertThat(body("{{ quote \"a\" 1 \"b\" }}|{{ .Params.TARGET_DB | quote }}"))
                .isEqualTo("\"a\" \"1\" \"b\"|\"orders\"");
    }

    @Test
    void upperAndLowerChangeCase() {
        assertThat(body("{{ upper .Status.Phase }} {{ .Invoker.Kind | lower }} {{ \"ÉtÉ\" | lower | upper }}"))
                .isEqualTo("FAILED backupconfiguration ÉTÉ");
    }

    @Test
    void printfSupportsSDVQ() {
        assertThat(body("{{ printf \"%s/%d/%v/%q/%%/%v\" .Namespace 42 true .Params.TARGET_DB 2.5 }}"))
                .isEqualTo("demo/42/true/\"orders\"/%/2.5");
        assertThat(body("{{ .Name | printf \"session=%s\" }}")).isEqualTo("session=app-backup-1700000000");
    }

    @Test
    void pipelinesPassTheValueAsTheLastArgument() {
        assertThat(body("{{ .Params.EMPTY | default .Invoker.Name | upper | printf \"%s-%s\" \"x\" }}"))
                .isEqualTo("x-APP-BACKUP");
    }

    @Test
    void parenthesesGroupSubExpressions() {
        assertThat(body("{{ printf \"%s:%s\" (upper (default \"d\" .Params.EMPTY)) (lower .Status.Phase) }}"))
                .isEqualTo("D:failed");
    }

    @Test
    void literalsRenderAsGoPrintsThem() {
        assertThat(body("{{ \"a\\tb\\u00e9\\x41\\101\" }}|{{ `raw \\n {{ }}` }}|{{ 42 }}|{{ -7 }}|{{ 0x1F }}|{{ 1.5 }}"
                        + "|{{ 1e21 }}|{{ true }}|{{ false }}"))
                .isEqualTo("a\tbéAA|raw \\n {{ }}|42|-7|31|1.5|1e+21|true|false");
        assertThat(body("{{ \"}}\" }}")).isEqualTo("}}");
    }

    @Test
    void trimMarkersRemoveSurroundingWhitespaceAsGoDoes() {
        assertThat(body("a  \n\t {{- .Namespace -}} \n  b")).isEqualTo("ademob");
        assertThat(body("a {{- .Namespace }} b")).isEqualTo("ademo b");
        assertThat(body("a {{ .Namespace -}} b")).isEqualTo("a demob");
        assertThat(body("{{ 3 -}} {{- 4 }}")).isEqualTo("34");
    }

    @Test
    void commentsAreDropped() {
        assertThat(body("a{{/* a comment with }} and \n lines */}}b")).isEqualTo("ab");
        assertThat(body("a {{- /* trimmed */ -}} b")).isEqualTo("ab");
    }

    @Test
    void actionsMaySpanLines() {
        assertThat(body("{{ printf \"%s-%s\"\n   .Namespace\n   .Name }}")).isEqualTo("demo-app-backup-1700000000");
    }

    @Test
    void dotAloneRendersTheSummaryAsJson() {
        assertThat(body("{{ . }}", BARE, Map.of())).isEqualTo("{\"name\":\"s1\",\"namespace\":\"demo\"}");
    }
}
