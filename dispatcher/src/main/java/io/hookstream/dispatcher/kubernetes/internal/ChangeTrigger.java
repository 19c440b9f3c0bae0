package io.hookstream.dispatcher.kubernetes.internal;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/**
 * Informer callbacks that only say "something changed": the catalog is rebuilt from the informers' stores,
 * which always hold the latest version, so a queued notification can never bring back an older one.
 */
public final class ChangeTrigger implements ResourceEventHandler<Object> {

    private final Runnable changed;

    public ChangeTrigger(Runnable changed) {
        this.changed = changed;
    }

    @Override
    public void onAdd(Object resource) {
        changed.run();
    }

    @Override
    public void onUpdate(Object previous, Object resource) {
        changed.run();
    }

    @Override
    public void onDelete(Object resource, boolean finalStateUnknown) {
        changed.run();
    }
}
