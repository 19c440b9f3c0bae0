package io.hookstream.worker.executor.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A process, all its descendants and (on Linux, when it leads one) every member of its process group, captured
 * so that children and grandchildren can still be signalled after their parent has died — the group also holds
 * the orphans whose parent has already exited. A process counts as running until it has exited; a zombie (exited,
 * not yet reaped by its parent) no longer runs. Reading the process table is blocking: call from a worker
 * thread. Thread-safe.
 */
public final class ProcessTree {

    private static final Path PROC = Path.of("/proc");
    private static final boolean HAS_PROC = Files.isDirectory(PROC);

    private final ProcessHandle root;
    /** The process group to include, or 0 for none. */
    private final long group;

    private final Set<ProcessHandle> members;

    private ProcessTree(ProcessHandle root, long group, Set<ProcessHandle> members) {
        this.root = root;
        this.group = group;
        this.members = members;
    }

    /** Snapshots {@code root} and every live descendant (children, grandchildren and so on). */
    public static ProcessTree snapshot(ProcessHandle root) {
        return snapshot(root, 0);
    }

    /**
     * Snapshots {@code root}, every live descendant and, when {@code group} is positive, every process of that
     * process group (Linux; elsewhere the group adds nothing).
     */
    public static ProcessTree snapshot(ProcessHandle root, long group) {
        Set<ProcessHandle> members = new LinkedHashSet<>();
        members.add(root);
        root.descendants().forEach(members::add);
        if (group > 0) {
            members.addAll(groupMembers(group));
        }
        return new ProcessTree(root, group, members);
    }

    /** Sends SIGTERM to every member that still runs, children first. */
    public synchronized void terminate() {
        List<ProcessHandle> childrenFirst = new ArrayList<>(members);
        Collections.reverse(childrenFirst);
        childrenFirst.stream().filter(ProcessTree::running).forEach(ProcessHandle::destroy);
    }

    /**
     * Sends SIGKILL to every member that still runs, to any descendant they spawned since, and to any process of
     * the group.
     *
     * @return how many processes were signalled (0: nothing of the tree runs any more)
     */
    public synchronized int kill() {
        Set<ProcessHandle> alive = new LinkedHashSet<>();
        for (ProcessHandle member : members) {
            if (running(member)) {
                alive.add(member);
                member.descendants().forEach(alive::add);
            }
        }
        if (group > 0) {
            alive.addAll(groupMembers(group));
        }
        members.addAll(alive);
        alive.forEach(ProcessHandle::destroyForcibly);
        return alive.size();
    }

    /**
     * True once no member runs and, with a group, no process of the group does; a group process not seen before
     * becomes a member.
     */
    public synchronized boolean exited() {
        for (ProcessHandle member : members) {
            if (running(member)) {
                return false;
            }
        }
        if (group > 0) {
            List<ProcessHandle> late = groupMembers(group);
            members.addAll(late);
            return late.isEmpty();
        }
        return true;
    }

    public ProcessHandle root() {
        return root;
    }

    public synchronized int size() {
        return members.size();
    }

    /** Alive and not a zombie. */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        return stat(process.pid())
                .map(fields -> fields[0].charAt(0))
                .map(state -> state != 'Z' && state != 'X')
                .orElse(!HAS_PROC); // no /proc (not Linux): trust isAlive; else the process is gone
    }

    /** The running processes of process group {@code group} (Linux; elsewhere none). */
    private static List<ProcessHandle> groupMembers(long group) {
        List<ProcessHandle> found = new ArrayList<>();
        String wanted = Long.toString(group);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessTree::isPid)) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                Optional<String[]> fields = stat(pid);
                if (fields.isPresent() && wanted.equals(fields.get()[2]) && fields.get()[0].charAt(0) != 'Z') {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            return found; // no /proc, or it changed under us: what was read so far
        }
        return found;
    }

    private static boolean isPid(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /** The fields of /proc/PID/stat after the command name: state, ppid, pgrp, ...; empty when it cannot be read. */
    private static Optional<String[]> stat(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            int end = stat.lastIndexOf(')');
            if (end < 0 || end + 2 >= stat.length()) {
                return Optional.empty();
            }
            String[] fields = stat.substring(end + 2).split(" ", 5);
            return fields.length >= 3 ? Optional.of(fields) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
