package io.hookstream.templates.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.HookTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateValidatorTest {

    private static final ObjectMapper YAML =
            Json.configure(YAMLMapper.builder()).build();

    /** A template with the given spec (YAML, indented as under {@code spec:}). */
    static HookTemplate spec(String spec) {
        try {
            return YAML.readValue("""
                    apiVersion: core.kubestash.com/v1alpha1
                    kind: HookTemplate
                    metadata: {name: t, namespace: demo}
                    spec:
                    """ + spec.indent(2), HookTemplate.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> fields(String specYaml) {
        List<Problem> problems = TemplateValidator.validate(spec(specYaml));
        assertThat(problems).allSatisfy(p -> assertThat(p.reason()).isEqualTo(Reasons.INVALID_TEMPLATE));
        return problems.stream().map(Problem::field).toList();
    }

    private static final String OPERATOR_TCP = """
            executor: {type: Operator}
            action: {tcpSocket: {port: 5432}}
            """;

    @Test
    void validTemplatesOfEachExecutorHaveNoProblems() {
        assertThat(fields(OPERATOR_TCP)).isEmpty();
        assertThat(fields("executor: {type: Pod, pod: {selector: app=x}}\naction: {exec: {command: [date]}}"))
                .isEmpty();
        assertThat(fields("executor: {type: Function, function: {name: fn}}")).isEmpty();
    }

    @Test
    void missingSpecIsAProblem() {
        assertThat(TemplateValidator.validate(
                        new HookTemplate(HookTemplate.API_VERSION, HookTemplate.KIND, null, null)))
                .extracting(Problem::field)
                .containsExactly("spec");
    }

    @Test
    void executorTypeIsRequired() {
        assertThat(fields("action: {tcpSocket: {port: 1}}")).containsExactly("spec.executor.type");
        assertThat(fields("executor: {pod: {selector: a=b}}\naction: {tcpSocket: {port: 1}}"))
                .containsExactly("spec.executor.type");
    }

    @Test
    void podExecutorNeedsASelectorAndACompleteOwner() {
        assertThat(fields("executor: {type: Pod}\naction: {exec: {command: [date]}}"))
                .containsExactly("spec.executor.pod.selector");
        assertThat(fields("executor: {type: Pod, pod: {selector: ' '}}\naction: {exec: {command: [date]}}"))
                .containsExactly("spec.executor.pod.selector");
        assertThat(fields("""
                executor: {type: Pod, pod: {selector: app=x, owner: {kind: StatefulSet, name: db}}}
                action: {exec: {command: [date]}}
                """)).containsExactly("spec.executor.pod.owner.apiVersion", "spec.executor.pod.owner.uid");
    }

    @Test
    void podWaitTimeoutMustBeANonNegativeGoDuration() {
        String exec = "\naction: {exec: {command: [date]}}";
        assertThat(fields("executor: {type: Pod, pod: {selector: app=x, waitTimeout: 2m30s}}" + exec))
                .isEmpty();
        assertThat(fields("executor: {type: Pod, pod: {selector: app=x, waitTimeout: 0s}}" + exec))
                .isEmpty();

        List<Problem> soon = TemplateValidator.validate(
                spec("executor: {type: Pod, pod: {selector: app=x, waitTimeout: soon}}" + exec));
        List<Problem> negative = TemplateValidator.validate(
                spec("executor: {type: Pod, pod: {selector: app=x, waitTimeout: -1m}}" + exec));

        assertThat(soon).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.executor.pod.waitTimeout");
            assertThat(p.reason()).isEqualTo(Reasons.INVALID_TEMPLATE);
            assertThat(p.message()).contains("'soon'", "2m", "0s");
        });
        assertThat(negative).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.executor.pod.waitTimeout");
            assertThat(p.message()).contains("'-1m' is negative");
        });
    }

    @Test
    void functionExecutorNeedsAFunctionNameButNoAction() {
        assertThat(fields("executor: {type: Function}")).containsExactly("spec.executor.function.name");
        assertThat(fields("executor: {type: Function, function: {env: [{name: A, value: b}]}}"))
                .containsExactly("spec.executor.function.name");
    }

    @Test
    void actionIsRequiredUnlessAFunctionRunsTheHook() {
        assertThat(fields("executor: {type: Operator}")).containsExactly("spec.action");
        assertThat(fields("executor: {type: Operator}\naction: {containerName: app}"))
                .containsExactly("spec.action");
        assertThat(TemplateValidator.validate(spec("executor: {type: Pod, pod: {selector: a=b}}")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("Pod").contains("exec"));
    }

    @Test
    void execNeedsACommand() {
        assertThat(fields("executor: {type: Operator}\naction: {exec: {}}"))
                .containsExactly("spec.action.exec.command");
        assertThat(fields("executor: {type: Operator}\naction: {exec: {command: []}}"))
                .containsExactly("spec.action.exec.command");
        assertThat(fields("executor: {type: Operator}\naction: {exec: {command: ['', x]}}"))
                .containsExactly("spec.action.exec.command[0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "65535", "http", "metrics-8080", "a1", "abcdefghijklmno"})
    void validPortsPass(String port) {
        assertThat(fields("executor: {type: Operator}\naction: {httpGet: {port: " + port + "}, tcpSocket: {port: "
                        + port + "}}"))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "65536",
                "-1",
                "'8080'",
                "HTTP",
                "-http",
                "http-",
                "a--b",
                "my_port",
                "abcdefghijklmnop",
                "''"
            })
    void invalidPortsAreProblemsForEveryAction(String port) {
        assertThat(fields("executor: {type: Operator}\naction: {httpGet: {port: " + port + "}, httpPost: {port: " + port
                        + "}, tcpSocket: {port: " + port + "}}"))
                .containsExactly("spec.action.httpGet.port", "spec.action.httpPost.port", "spec.action.tcpSocket.port");
    }

    @Test
    void portIsRequiredForHttpAndTcp() {
        assertThat(fields("executor: {type: Operator}\naction: {httpGet: {path: /}, httpPost: {body: x}, "
                        + "tcpSocket: {host: db}}"))
                .containsExactly("spec.action.httpGet.port", "spec.action.httpPost.port", "spec.action.tcpSocket.port");
    }

    @Test
    void schemeIsHttpOrHttpsInAnyCase() {
        assertThat(fields("executor: {type: Operator}\naction: {httpGet: {port: 1, scheme: https}, "
                        + "httpPost: {port: 1, scheme: Http}}"))
                .isEmpty();
        assertThat(fields("executor: {type: Operator}\naction: {httpGet: {port: 1, scheme: ftp}, "
                        + "httpPost: {port: 1, scheme: tcp}}"))
                .containsExactly("spec.action.httpGet.scheme", "spec.action.httpPost.scheme");
    }

    @Test
    void httpHeadersNeedNames() {
        assertThat(fields("executor: {type: Operator}\naction: {httpPost: {port: 1, httpHeaders: [{value: x}]}}"))
                .containsExactly("spec.action.httpPost.httpHeaders[0].name");
    }

    @Test
    void everySetActionIsCheckedAndAllProblemsAreReturned() {
        assertThat(fields("""
                params: [{name: 1BAD}]
                executor: {type: Pod}
                action:
                  exec: {command: []}
                  httpGet: {port: 0}
                  tcpSocket: {}
                """))
                .containsExactly(
                        "spec.params[0].name",
                        "spec.executor.pod.selector",
                        "spec.action.exec.command",
                        "spec.action.httpGet.port",
                        "spec.action.tcpSocket.port");
    }

    @Test
    void paramNamesMustBeUniqueNonEmptyEnvironmentVariableNames() {
        assertThat(fields(OPERATOR_TCP + "params: [{name: DB_NAME}, {name: _x9}, {name: lower}]"))
                .isEmpty();
        assertThat(fields(OPERATOR_TCP + "params: [{name: A}, {usage: no name}, {name: ''}, {name: my-param}, "
                        + "{name: 9LIVES}, {name: A}]"))
                .containsExactly(
                        "spec.params[1].name",
                        "spec.params[2].name",
                        "spec.params[3].name",
                        "spec.params[4].name",
                        "spec.params[5].name");
        assertThat(TemplateValidator.validate(spec(OPERATOR_TCP + "params: [{name: A}, {name: A}]")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("spec.params[0]"));
    }

    @Test
    void requiredParamWithADefaultIsAllowed() {
        assertThat(fields(OPERATOR_TCP + "params: [{name: A, required: true, default: x}]"))
                .isEmpty();
    }

    @Test
    void selectorPolicyNeedsASelector() {
        assertThat(fields(OPERATOR_TCP + "usagePolicy: {allowedNamespaces: {from: Selector}}"))
                .containsExactly("spec.usagePolicy.allowedNamespaces.selector");
        assertThat(fields(OPERATOR_TCP + "usagePolicy: {allowedNamespaces: {from: Selector, selector: "
                        + "{matchLabels: {env: prod}}}}"))
                .isEmpty();
    }

    @Test
    void selectorExpressionsFollowTheKubernetesRules() {
        String selector = OPERATOR_TCP + """
                usagePolicy:
                  allowedNamespaces:
                    from: Selector
                    selector:
                      matchExpressions:
                      - {key: a, operator: In, values: [x]}
                      - {key: b, operator: In}
                      - {key: c, operator: NotIn, values: []}
                      - {key: d, operator: Exists, values: [x]}
                      - {key: e, operator: DoesNotExist, values: [y]}
                      - {operator: Exists}
                      - {key: g}
                      - {key: h, operator: NotIn, values: [z]}
                      - {key: i, operator: DoesNotExist}
                """;
        String at = "spec.usagePolicy.allowedNamespaces.selector.matchExpressions";
        assertThat(fields(selector))
                .containsExactly(
                        at + "[1].values",
                        at + "[2].values",
                        at + "[3].values",
                        at + "[4].values",
                        at + "[5].key",
                        at + "[6].operator");
    }

    @Test
    void selectorOfAnotherPolicyIsNotChecked() {
        assertThat(fields(OPERATOR_TCP + "usagePolicy: {allowedNamespaces: {from: All, selector: "
                        + "{matchExpressions: [{key: a, operator: In}]}}}"))
                .isEmpty();
    }
}
