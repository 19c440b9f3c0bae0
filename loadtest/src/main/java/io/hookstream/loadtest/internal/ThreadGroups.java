package io.hookstream.loadtest.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which part of the test a thread of the tool's JVM works for, from its name: with {@code --embedded} the broker,
 * the dispatcher and the in-process workers run in the tool's JVM beside the tool itself. Kafka client threads
 * ({@code kafka-producer-network-thread | CLIENT-ID}) go by their client id. The JVM's own threads (JIT compiler,
 * GC, VM thread) are not Java threads: they are named from {@code /proc/self/task/<tid>/stat} (15 characters).
 */
public final class ThreadGroups {

    public static final String BROKER = "broker";
    public static final String DISPATCHER = "dispatcher";
    public static final String WORKERS = "workers";
    public static final String VERTX = "vertx";
    public static final String TOOL = "tool";
    public static final String BASELINE = "baselineRelays";
    public static final String OTHER = "otherThreads";
    public static final String JIT = "jit";
    public static final String GC = "gc";
    public static final String VM = "vm";
    /** The process's CPU that no live thread accounts for: threads that ended in the window, rounding. */
    public static final String UNATTRIBUTED = "unattributed";

    private record Rule(String group, Pattern name) {}

    private static final List<Rule> CLIENT_RULES = List.of(
            new Rule(DISPATCHER, Pattern.compile("^hookstream-dispatcher")),
            new Rule(WORKERS, Pattern.compile("^hookstream-worker")),
            new Rule(BASELINE, Pattern.compile("^loadtest-baseline")),
            new Rule(TOOL, Pattern.compile("^loadtest")),
            new Rule(BROKER, Pattern.compile("^(hookstream-embedded|broker-|controller-)")));

    private static final List<Rule> RULES = List.of(
            new Rule(DISPATCHER, Pattern.compile("^hookstream-(.*dispatcher|run-index|run-list)")),
            new Rule(WORKERS, Pattern.compile("^hookstream-")),
            new Rule(BASELINE, Pattern.compile("^loadtest-baseline")),
            new Rule(TOOL, Pattern.compile("^(loadtest-|main$)")),
            new Rule(VERTX, Pattern.compile("^vertx?[.-]")),
            new Rule(
                    BROKER,
                    Pattern.compile(
                            "^(data-plane-kafka|kafka-|group-coordinator|executor-|ExpirationReaper|"
                                    + "broker-|controller-|quorum-controller|TxnMarkerSender|AddPartitionsToTxn|transaction-log|share-|"
                                    + "persister|PersisterStateManager|raft-|LogDirFailureHandler|log-closing|"
                                    + "network-partition-metadata|client-metrics-reaper|SensorExpiryThread|metrics-meter-tick)")));

    private static final List<Rule> JVM_RULES = List.of(
            new Rule(JIT, Pattern.compile("^C[12] CompilerThre")),
            new Rule(GC, Pattern.compile("^(GC Thread|G1 |GC |Parallel GC|ZGC|Shenandoah)")),
            new Rule(VM, Pattern.compile("^VM (Thread|Periodic)")));

    private ThreadGroups() {}

    /** The group of a Java thread of the tool's JVM, by its full name. */
    public static String ofJavaThread(String name) {
        int bar = name.indexOf(" | ");
        if (bar >= 0) {
            return match(CLIENT_RULES, name.substring(bar + 3), OTHER);
        }
        return match(RULES, name, OTHER);
    }

    /** The group of a JVM-internal thread by its {@code /proc} name, or null when it is not one (a Java thread). */
    public static String ofJvmThread(String comm) {
        return match(JVM_RULES, comm, null);
    }

    private static String match(List<Rule> rules, String name, String otherwise) {
        for (Rule rule : rules) {
            if (rule.name().matcher(name).find()) {
                return rule.group();
            }
        }
        return otherwise;
    }
}
