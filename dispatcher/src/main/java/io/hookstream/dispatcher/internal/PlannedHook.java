package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.event.ExecutionPolicy;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import java.time.Duration;
import java.util.Map;

/**
 * One hook of an accepted run, fixed at acceptance: the template it resolved to (so a later template change
 * does not touch a run in flight), its resolved params and its rendered action.
 */
record PlannedHook(int index, String name, TemplateRef template, HookExecutor executor, HookAction action,
                   Map<String, String> params, Duration timeout, int maxRetry, ExecutionPolicy executionPolicy) {
}
