package io.hookstream.worker.executor.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A process and all its descendants, captured at one moment so that children and grandchildren can still be
 * signalled after their parent has died. Reading the process table is blocking: call from a worker thread.
 * Thread-safe.
 */
public final class ProcessTree {

    private final ProcessHandle root;
    private final Set<ProcessHandle> members;

    private ProcessTree(ProcessHandle root, Set<ProcessHandle> members) {
        this.root = root;
        this.members = members;
    }

    /** Snapshots {@code root} and every live descendant (children, grandchildren and so on). */
    public static ProcessTree snapshot(ProcessHandle root) {
        Set<ProcessHandle> members = new LinkedHashSet<>();
        members.add(root);
        root.descendants().forEach(members::add);
        return new ProcessTree(root, members);
    }

    /** Sends SIGTERM to every member, children first. */
    public synchronized void terminate() {
        List<ProcessHandle> childrenFirst = new ArrayList<>(members);
        Collections.reverse(childrenFirst);
        childrenFirst.forEach(ProcessHandle::destroy);
    }

    /**
     * Sends SIGKILL to every member still alive, and to any descendant they spawned since the snapshot.
     */
    public synchronized void kill() {
        Set<ProcessHandle> alive = new LinkedHashSet<>();
        for (ProcessHandle member : members) {
            if (member.isAlive()) {
                alive.add(member);
                member.descendants().forEach(alive::add);
            }
        }
        members.addAll(alive);
        alive.forEach(ProcessHandle::destroyForcibly);
    }

    /** Completes when every member has exited. */
    public synchronized CompletableFuture<Void> onExit() {
        return CompletableFuture.allOf(members.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
    }

    public ProcessHandle root() {
        return root;
    }

    public synchronized int size() {
        return members.size();
    }
}
