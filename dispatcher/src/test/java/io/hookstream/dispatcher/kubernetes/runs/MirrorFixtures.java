package io.hookstream.dispatcher.kubernetes.runs;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The HookRun CRD as shipped, a KubeStash BackupSession to invoke runs, and run views to mirror. */
final class MirrorFixtures {

    static final Path CRD = Path.of("..", "deploy", "kubernetes", "base", "crds", "hookruns.hookstream.io.yaml");
    static final ResourceDefinitionContext BACKUP_SESSIONS = new ResourceDefinitionContext.Builder()
            .withGroup("core.kubestash.com")
            .withVersion("v1alpha1")
            .withKind("BackupSession")
            .withPlural("backupsessions")
            .withNamespaced(true)
            .build();

    private MirrorFixtures() {}

    /**
     * Installs the shipped HookRun CRD and a BackupSession CRD in the mock (CRUD mode serves them like a server),
     * and the group discovery document of core.kubestash.com, which a real server derives from the CRD but the
     * mock does not serve ({@code GET /apis/<group>}).
     */
    static void installCrds(KubernetesMockServer server, KubernetesClient client) throws IOException {
        server.expect()
                .get()
                .withPath("/apis/core.kubestash.com")
                .andReturn(
                        200,
                        new APIGroupBuilder()
                                .withName("core.kubestash.com")
                                .withNewPreferredVersion()
                                .withGroupVersion("core.kubestash.com/v1alpha1")
                                .withVersion("v1alpha1")
                                .endPreferredVersion()
                                .addNewVersion()
                                .withGroupVersion("core.kubestash.com/v1alpha1")
                                .withVersion("v1alpha1")
                                .endVersion()
                                .build())
                .always();
        try (InputStream in = Files.newInputStream(CRD)) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
        CustomResourceDefinition sessions = new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("backupsessions.core.kubestash.com")
                .endMetadata()
                .withNewSpec()
                .withGroup("core.kubestash.com")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("BackupSession")
                .withPlural("backupsessions")
                .withSingular("backupsession")
                .endNames()
                .addNewVersion()
                .withName("v1alpha1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(sessions)
                .create();
    }

    /** Creates BackupSession {@code name} in {@code namespace}; returns its uid. */
    static String backupSession(KubernetesClient client, String namespace, String name) {
        GenericKubernetesResource session = new GenericKubernetesResourceBuilder()
                .withApiVersion("core.kubestash.com/v1alpha1")
                .withKind("BackupSession")
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build();
        return client.genericKubernetesResources(BACKUP_SESSIONS)
                .inNamespace(namespace)
                .resource(session)
                .create()
                .getMetadata()
                .getUid();
    }

    /** An Operator exec HookTemplate {@code name} of namespace demo that every namespace may use. */
    static GenericKubernetesResource echoTemplate(String name) {
        return Serialization.unmarshal(
                String.join(
                        "\n",
                        "apiVersion: core.kubestash.com/v1alpha1",
                        "kind: HookTemplate",
                        "metadata: {name: " + name + ", namespace: demo}",
                        "spec:",
                        "  usagePolicy: {allowedNamespaces: {from: All}}",
                        "  action: {exec: {command: [echo, hi]}}",
                        "  executor: {type: Operator}"),
                GenericKubernetesResource.class);
    }

    static GenericKubernetesResource hookRun(KubernetesClient client, String namespace, String name) {
        return client.genericKubernetesResources(HookRunResources.CONTEXT)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    /** A view of run {@code runId} by BackupSession {@code session} of namespace demo, its hooks as given. */
    static RunOutcome view(
            String runId, String session, RunStatus status, String reason, Instant accepted, HookOutcome... hooks) {
        ObjectReference invoker = new ObjectReference("core.kubestash.com", "BackupSession", "demo", session);
        Instant finished = status == RunStatus.Running ? null : accepted.plusSeconds(3);
        return new RunOutcome(
                runId,
                Phase.PRE_BACKUP,
                new SessionSummary(session, "demo", invoker, null, null),
                invoker,
                status,
                reason,
                reason == null ? null : "hook 'dump' failed",
                null,
                List.of(hooks),
                accepted,
                finished,
                finished == null ? null : Duration.between(accepted, finished).toMillis(),
                null);
    }

    static RunOutcome viewOf(String runId, RunStatus status, Instant accepted, List<HookOutcome> hooks) {
        return view(runId, "backup-1", status, null, accepted, hooks.toArray(HookOutcome[]::new));
    }

    static HookOutcome hook(int index, String name, HookStatus status) {
        return hook(index, name, status, null, null);
    }

    static HookOutcome hook(int index, String name, HookStatus status, String reason, String message) {
        boolean done = status != HookStatus.Pending && status != HookStatus.Running;
        return new HookOutcome(
                index,
                name,
                "run/" + index,
                new TemplateRef("greet", "demo"),
                status,
                reason,
                message,
                done ? 1 : null,
                done ? 1500L : null);
    }

    static List<HookOutcome> hooks(HookStatus... statuses) {
        List<HookOutcome> hooks = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            hooks.add(hook(i, "hook-" + i, statuses[i]));
        }
        return hooks;
    }
}
