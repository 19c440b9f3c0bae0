package io.hookstream.dispatcher.internal;

import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/activity}: hooks and runs finished across all dispatchers, per 10 s over the last 15 minutes. */
final class ActivityEndpoint {

    private final RunActivity activity;
    private final IndexGate gate;

    ActivityEndpoint(RunActivity activity, IndexGate gate) {
        this.activity = activity;
        this.gate = gate;
    }

    void handle(RoutingContext ctx) {
        // the counts come from the run index's changes: the first request starts it
        gate.open(ctx).onSuccess(open -> HttpApi.json(ctx, 200, activity.snapshot()));
    }
}
