package io.hookstream.testing.fuzz;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A seeded fuzz runner: generates {@code cases} inputs for one target, each from its own {@link Random} derived
 * from the seed, the target name and the case number, and checks each on a worker thread with a deadline (a case
 * that does not finish is a hang). The first failing case stops the run with the seed, the case number, the input
 * and a command line that reproduces it. Every run prints one line: {@code fuzz NAME: N cases, seed S (...)}.
 *
 * <p>System properties: {@value #SEED_PROPERTY} (a number, or {@code random}; default {@value #DEFAULT_SEED}),
 * {@value #CASES_PROPERTY} (cases per target, overriding each target's default) and {@value #CASE_PROPERTY} (run
 * only that case number, to reproduce a failure).
 */
public final class Fuzz<T> {

    public static final String SEED_PROPERTY = "hookstream.fuzz.seed";
    public static final String CASES_PROPERTY = "hookstream.fuzz.cases";
    public static final String CASE_PROPERTY = "hookstream.fuzz.case";
    public static final long DEFAULT_SEED = 42L;

    private static final long RANDOM_SEED = new Random().nextLong();

    /** What one case's check says about its input, for the summary line (e.g. "parsed", "rejected"). */
    @FunctionalInterface
    public interface Check<T> {
        String check(T input) throws Exception;
    }

    private final String name;
    private int defaultCases = 1000;
    private Duration deadline = Duration.ofSeconds(5);
    private Function<T, String> describe = Fuzz::describeObject;
    private String reproduce = "";

    private Fuzz(String name) {
        this.name = name;
    }

    /** A fuzz target named {@code name} (printed, and mixed into each case's seed). */
    public static <T> Fuzz<T> target(String name) {
        return new Fuzz<>(name);
    }

    /** The seed of this JVM's fuzz runs. */
    public static long seed() {
        String text = System.getProperty(SEED_PROPERTY);
        if (text == null || text.isBlank()) {
            return DEFAULT_SEED;
        }
        if (text.trim().equalsIgnoreCase("random")) {
            return RANDOM_SEED;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + SEED_PROPERTY + "=" + text + " is not a number; give a whole " + "number or 'random'", e);
        }
    }

    /** The number of cases: {@value #CASES_PROPERTY} when set, else {@code defaultCases}. */
    public static int casesOr(int defaultCases) {
        return Integer.getInteger(CASES_PROPERTY, defaultCases);
    }

    /** The random source of case {@code index} of target {@code name}: the same for the same seed. */
    public static Random random(String name, long seed, long index) {
        return new Random(mix(mix(seed) ^ mix(name.hashCode() + 0x5DEECE66DL) ^ mix(index + 1)));
    }

    /** The default number of cases of this target. */
    public Fuzz<T> cases(int count) {
        this.defaultCases = count;
        return this;
    }

    /** The longest one case may take before it counts as a hang. */
    public Fuzz<T> deadline(Duration perCase) {
        this.deadline = perCase;
        return this;
    }

    /** How an input is shown in a failure message (default: text, escaped and cut). */
    public Fuzz<T> describe(Function<T, String> describer) {
        this.describe = describer;
        return this;
    }

    /** The test to name in the reproduction hint, e.g. {@code -pl worker -Dtest=SelectorParserFuzzTest}. */
    public Fuzz<T> reproduceWith(String mavenArguments) {
        this.reproduce = mavenArguments;
        return this;
    }

    /**
     * Runs every case: {@code generator} makes the input, {@code check} exercises the target and asserts on what it
     * did, returning a category for the summary. Any exception or error of either fails the run.
     *
     * @return how many cases fell into each category
     */
    public Map<String, Integer> run(Function<Random, T> generator, Check<T> check) {
        long seed = seed();
        int count = casesOr(defaultCases);
        Integer only = Integer.getInteger(CASE_PROPERTY);
        Map<String, Integer> categories = new TreeMap<>();
        long started = System.nanoTime();
        ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fuzz-" + name);
            thread.setDaemon(true); // a hung case must not keep the JVM alive
            return thread;
        });
        int ran = 0;
        long slowestNanos = -1;
        int slowest = -1;
        try {
            for (int index = 0; index < count; index++) {
                if (only != null && only != index) {
                    continue;
                }
                Random random = random(name, seed, index);
                AtomicReference<T> input = new AtomicReference<>();
                Future<String> result = runner.submit(() -> {
                    input.set(generator.apply(random));
                    return check.check(input.get());
                });
                String category;
                long caseStarted = System.nanoTime();
                try {
                    category = result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    result.cancel(true);
                    throw failure(
                            index,
                            count,
                            seed,
                            input.get(),
                            "did not finish within " + deadline + " (a hang or" + " a runaway loop)",
                            null);
                } catch (ExecutionException e) {
                    throw failure(index, count, seed, input.get(), e.getCause().toString(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while fuzzing " + name, e);
                }
                long caseNanos = System.nanoTime() - caseStarted;
                if (caseNanos > slowestNanos) {
                    slowestNanos = caseNanos;
                    slowest = index;
                }
                categories.merge(category == null ? "ok" : category, 1, Integer::sum);
                ran++;
            }
        } finally {
            runner.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("fuzz " + name + ": " + ran + " cases, seed " + seed + " " + categories + " in " + millis
                + " ms (slowest: case " + slowest + ", " + slowestNanos / 1_000_000 + " ms)");
        return categories;
    }

    private AssertionError failure(int index, int count, long seed, T input, String what, Throwable cause) {
        String shown;
        try {
            shown = input == null ? "(not generated)" : describe.apply(input);
        } catch (RuntimeException e) {
            shown = "(cannot describe: " + e + ")";
        }
        String message = "fuzz " + name + ": case " + index + " of " + count + " failed (seed " + seed + "): " + what
                + "\n  input: " + shown
                + "\n  reproduce: mvn -o " + reproduce + " -D" + SEED_PROPERTY + "=" + seed + " -D" + CASE_PROPERTY
                + "=" + index;
        System.out.println(message);
        AssertionError error = new AssertionError(message);
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    private static String describeObject(Object input) {
        if (input instanceof byte[] bytes) {
            return Mutator.show(bytes);
        }
        return Mutator.show(String.valueOf(input));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
