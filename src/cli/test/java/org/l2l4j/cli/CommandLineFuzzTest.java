package org.l2l4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Draws argument vectors from every command's options, read from the real picocli spec so that options added later
 * are fuzzed too: random, extreme and malformed values, missing and repeated options, unknown names. Every vector
 * must end within a bounded time in its normal result or in exit status 1 or 2 with a message, never with a stack
 * trace, an {@link OutOfMemoryError} or a hang.
 *
 * <p>So that the suite stays short, a vector that passes its command's checks ({@link CheckedBeforeWork}) stops
 * there, except for a share of small, cheap runs drawn on purpose (quadratic problem, a few steps and epochs), which
 * run to the end. {@code -Dl2l4j.fuzz.vectors=N -Dl2l4j.fuzz.fullRuns=M -Dl2l4j.fuzz.seed=S} set a longer run
 * (docs/results/reliability.md).
 */
class CommandLineFuzzTest {

    private static final int VECTORS = Integer.getInteger("l2l4j.fuzz.vectors", 1000);
    private static final int FULL_RUNS = Integer.getInteger("l2l4j.fuzz.fullRuns", 4);
    private static final long SEED = Long.getLong("l2l4j.fuzz.seed", 13);
    /** Generous, for a loaded machine: checks take milliseconds, a full small run seconds. */
    private static final long CHECK_TIMEOUT_SECONDS = 60;
    private static final long RUN_TIMEOUT_SECONDS = 180;

    /** Values of the right form, some of them extreme: they get past parsing to the checks (and the work). */
    private static final List<String> PLAUSIBLE_NUMBERS = List.of("1", "2", "3", "7", "20", "100", "99999999",
            "2147483647", "0.5", "1e-300");
    private static final List<String> HOSTILE_NUMBERS = List.of("0", "-1", "-2147483648", "2147483648",
            "9223372036854775807", "-9223372036854775808", "1e9", "-0.0", "NaN", "Infinity", "-Infinity", "1e309",
            "abc",
            "", "0x1F", " 5", "٣", "1_000");
    private static final List<String> PLAUSIBLE_TEXT = List.of("20:sigmoid", "20x20:relu", "40:tanh", "99999999:tanh",
            "pretrained");
    private static final List<String> HOSTILE_TEXT = List.of("", "x", ":", "0:relu", "20x:relu", "20:swish",
            "-20:relu", "20,20", "1,,2", "PRETRAINED", "💥", "a b", "--", "-", "%s%n", "${DEFAULT-VALUE}");
    private static final List<String> UNKNOWN = List.of("--hiden", "--step", "---out", "-x", "--", "-", "--out=",
            "--STEPS", "extra", "-h2", "--no-such-option=1");

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);
    private int fresh;
    private List<String> paths;
    private List<String> optimizers;

    @Test
    void everyVectorEndsWithItsResultOrAMessageInBoundedTime() throws Exception {
        Path quadraticOptimizer = dir.resolve("quadratic.l2l");
        LearnedOptimizer.randomInit(OptimizerShape.PAPER_QUADRATIC, 1).save(quadraticOptimizer);
        Path mnistOptimizer = dir.resolve("mnist.l2l");
        LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1).save(mnistOptimizer);
        Path garbage = dir.resolve("garbage.l2l");
        Files.write(garbage, new byte[]{1, 2, 3});
        Files.createDirectories(dir.resolve("emptydir"));
        paths = List.of(dir.resolve("emptydir").toString(), garbage.toString(),
                dir.resolve("missing/deeper").toString(),
                "/proc/forbidden", "", "\u0000", quadraticOptimizer.toString());
        optimizers = List.of("pretrained", quadraticOptimizer.toString(), mnistOptimizer.toString(), garbage.toString(),
                dir.resolve("no-such.l2l").toString(), dir.toString());

        Map<String, CommandSpec> commands = new TreeMap<>(L2l4j.commandLine().getCommandSpec().subcommands().entrySet()
                .stream().filter(e -> !e.getKey().equals("help"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getCommandSpec())));
        assertTrue(commands.keySet().containsAll(List.of("demo", "evaluate", "meta-train", "data")),
                commands.keySet().toString());

        Map<Integer, Integer> outcomes = new TreeMap<>();
        Map<String, Long> millisByCommand = new TreeMap<>();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzzed-command");
            t.setDaemon(true);
            return t;
        });
        PrintStream console = System.out;
        PrintStream consoleErr = System.err;
        try {
            for (int i = 0; i < VECTORS + FULL_RUNS; i++) {
                boolean fullRun = i >= VECTORS;
                List<String> vector = fullRun ? smallRun() : randomVector(commands);
                long start = System.nanoTime();
                int status = runOne(executor, vector, fullRun);
                outcomes.merge(status, 1, Integer::sum);
                millisByCommand.merge((fullRun ? "full " : "") + vector.get(0),
                        (System.nanoTime() - start) / 1_000_000, Long::sum);
            }
        } finally {
            System.setOut(console);
            System.setErr(consoleErr);
            executor.shutdownNow();
        }
        System.out.println("Fuzzed " + (VECTORS + FULL_RUNS) + " vectors (" + FULL_RUNS + " run to the end), seed "
                + SEED + "; exit statuses: " + outcomes + "; milliseconds by command: " + millisByCommand);
        assertTrue(outcomes.getOrDefault(0, 0) > 0 && outcomes.getOrDefault(1, 0) > 0
                        && outcomes.getOrDefault(2, 0) > 0,
                "the vectors reached successes, user errors and usage errors: " + outcomes);
    }

    private int runOne(ExecutorService executor, List<String> vector, boolean fullRun) throws Exception {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream captured = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);
        CommandLine cli = L2l4j.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        if (!fullRun) {
            cli.setExecutionStrategy(CommandLineFuzzTest::checksOnly);
        }
        String[] args = vector.toArray(String[]::new);
        Future<Integer> result = executor.submit(() -> cli.execute(args));
        int status;
        try {
            status = result.get(fullRun ? RUN_TIMEOUT_SECONDS : CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("no end within the bound: " + describe(vector, err, console), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("escaped the command line: " + e.getCause() + " for "
                    + describe(vector, err, console),
                    e.getCause());
        }
        String everything = err + console.toString(StandardCharsets.UTF_8);
        if (status != 0 && status != 1 && status != 2) {
            fail("exit status " + status + ": " + describe(vector, err, console));
        }
        if (status != 0 && err.toString().isBlank()) {
            fail("exit status " + status + " without a message: " + describe(vector, err, console));
        }
        if (everything.contains("\tat ") || everything.contains("Exception in thread")
                || everything.contains("OutOfMemoryError")) {
            fail("a stack trace: " + describe(vector, err, console));
        }
        return status;
    }

    /** Parses and runs the command's checks, but not its work; commands without checks (data, help) run. */
    private static int checksOnly(CommandLine.ParseResult parseResult) {
        Integer help = CommandLine.executeHelpRequest(parseResult);
        if (help != null) {
            return help;
        }
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine leaf = chain.get(chain.size() - 1);
        if (leaf.getCommand() instanceof CheckedBeforeWork command) {
            try {
                command.checkBeforeWork();
                return 0;
            } catch (CommandLine.ParameterException e) {
                throw e;
            } catch (Exception e) {
                throw new CommandLine.ExecutionException(leaf, e.toString(), e);
            }
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    private List<String> randomVector(Map<String, CommandSpec> commands) {
        List<String> vector = new ArrayList<>();
        if (random.nextInt(50) == 0) {
            return List.of(pick(UNKNOWN)); // no command at all
        }
        List<String> names = new ArrayList<>(commands.keySet());
        String command = pick(names);
        vector.add(command);
        List<OptionSpec> options = commands.get(command).options();
        boolean plausible = random.nextBoolean();
        for (OptionSpec option : options) {
            if ((option.usageHelp() || option.versionHelp()) ? random.nextInt(40) == 0 : random.nextInt(5) < 2) {
                addOption(vector, option, plausible);
                if (random.nextInt(15) == 0) {
                    addOption(vector, option, plausible); // repeated
                }
            }
        }
        // the options that make a run big or small, drawn again and more often, so that valid runs of every size occur
        for (String name : List.of("--out", "--problem", "--steps", "--seeds", "--epochs", "--unroll")) {
            OptionSpec option = commands.get(command).findOption(name);
            if (option != null && random.nextBoolean() && !vector.contains(name)) {
                addOption(vector, option, plausible);
            }
        }
        if (random.nextInt(10) == 0) {
            vector.add(1 + random.nextInt(vector.size()), pick(UNKNOWN));
        }
        if (random.nextInt(20) == 0 && vector.size() > 2) {
            vector.remove(1 + random.nextInt(vector.size() - 1)); // an option without its value, or a stray value
        }
        return vector;
    }

    private void addOption(List<String> vector, OptionSpec option, boolean plausible) {
        String name = pick(List.of(option.names()));
        if (option.arity().max() == 0) {
            vector.add(random.nextInt(20) == 0 ? name + "=" + pick(List.of("true", "false", "maybe", "")) : name);
            return;
        }
        String value = valueFor(option, plausible);
        if (random.nextInt(10) == 0) {
            vector.add(name + "=" + value);
        } else {
            vector.add(name);
            vector.add(value);
        }
    }

    /**
     * A value of the option's type: of the right form (often extreme) when {@code plausible}, else also malformed
     * ones. Candidates come from the spec: an enum's constants and the words of the option's parameter label.
     */
    private String valueFor(OptionSpec option, boolean plausible) {
        Class<?> type = option.isMultiValue() && option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0]
                : option.type();
        List<String> pool = new ArrayList<>();
        Iterable<String> candidates = option.completionCandidates();
        if (candidates != null) {
            candidates.forEach(pool::add);
        }
        for (String word : option.paramLabel().replaceAll("[<>\\[\\].]", "").split("\\|")) {
            if (word.equals(word.toLowerCase()) && !word.isEmpty()) {
                pool.add(word);
            }
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == double.class || type == Double.class || type == float.class || type == Float.class) {
            pool.addAll(PLAUSIBLE_NUMBERS);
            boolean list = option.splitRegex() != null && !option.splitRegex().isEmpty();
            if (list) {
                pool.addAll(List.of("20,20", "99999,99999,99999"));
            }
            if (!plausible) {
                pool.addAll(HOSTILE_NUMBERS);
                if (list) {
                    pool.addAll(List.of("1,,2", "20,-1", "2147483647,2147483647,x"));
                }
            }
        } else if (type == Path.class) {
            for (int i = 0; i < 4; i++) {
                pool.add(freshDirectory());
            }
            pool.add(paths.get(0));
            if (!plausible) {
                pool.addAll(paths);
            }
        } else if (type == String.class) {
            pool.addAll(PLAUSIBLE_TEXT);
            pool.addAll(optimizers.subList(0, 3));
            if (!plausible) {
                pool.addAll(HOSTILE_TEXT);
                pool.addAll(optimizers);
            }
        } else if (!plausible || pool.isEmpty()) {
            pool.addAll(List.of("", "MNIST", "nope", "Sigmoid"));
        }
        return pick(pool);
    }

    /**
     * A small run that goes to the end: a quadratic problem with a few steps, epochs and seeds, and now and then one
     * more option drawn from the same pools (which may make it invalid).
     */
    private List<String> smallRun() {
        List<String> vector = new ArrayList<>();
        if (random.nextBoolean()) {
            vector.addAll(List.of("meta-train", "--problem", "quadratic", "--steps", pick(List.of("2", "4")),
                    "--unroll", pick(List.of("1", "2", "4", "3")), "--epochs", pick(List.of("1", "2")),
                    "--validate-every", pick(List.of("1", "2")), "--validation-runs", "1"));
            if (random.nextInt(3) == 0) {
                vector.addAll(List.of(pick(List.of("--lr", "--init", "--on-divergence", "--runs", "--seed")),
                        pick(List.of("1e9", "NaN", "0.1", "stop", "pretrained", optimizers.get(1), "2", "-7"))));
            }
            if (random.nextInt(4) == 0) {
                vector.add("--resume");
            }
        } else {
            vector.addAll(List.of("evaluate", "--problem", "quadratic", "--steps", pick(List.of("1", "3")), "--seeds",
                    pick(List.of("1", "2"))));
            if (random.nextInt(3) == 0) {
                vector.addAll(List.of("--optimizer", pick(optimizers)));
            }
        }
        vector.addAll(List.of("--out", freshDirectory()));
        return vector;
    }

    private String freshDirectory() {
        return dir.resolve("out-" + fresh++).toString();
    }

    private <T> T pick(Collection<T> values) {
        List<T> list = values instanceof List<T> l ? l : new ArrayList<>(values);
        return list.get(random.nextInt(list.size()));
    }

    private static String describe(List<String> vector, StringWriter err, ByteArrayOutputStream console) {
        return "./l2l4j " + String.join(" ", vector.stream().map(a -> "'" + a + "'").toList()) + "\n--- stderr:\n" + err
                + "\n--- console:\n" + console.toString(StandardCharsets.UTF_8);
    }
}
