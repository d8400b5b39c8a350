package org.l2l4j.benchmarks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the CPU of a paper-MLP fit step goes, thread by thread: Java threads and ND4J's native OpenMP workers (named
 * "java"), from Linux's per-thread scheduler statistics, which count time on a CPU and time waiting for one. Unlike
 * wall-clock times these stay meaningful on a loaded machine. Linux only.
 *
 * <p>Usage: {@code FitStepThreads learned|adam|learned-step WARMUP_STEPS STEPS}; {@code learned-step} runs the
 * learned updater alone on 15,910 gradients after one ND4J operation, as a fit step's updater sees them.
 */
public final class FitStepThreads {

    private FitStepThreads() {
    }

    public static void main(String[] args) throws IOException {
        String which = args[0];
        int warmup = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        Runnable step = which.equals("learned-step") ? learnedStepAlone() : fitStep(which);
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        Map<String, long[]> before = threads();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        long wall = System.nanoTime() - start;
        Map<String, long[]> after = threads();
        long onCpu = 0;
        long waiting = 0;
        StringBuilder rows = new StringBuilder();
        for (var thread : after.entrySet()) {
            long[] was = before.getOrDefault(thread.getKey(), new long[2]);
            long run = thread.getValue()[0] - was[0];
            long wait = thread.getValue()[1] - was[1];
            onCpu += run;
            waiting += wait;
            if (run > steps * 100_000L) {
                rows.append(String.format(Locale.ROOT, "  %-32s on a CPU %8.2f ms/step, waiting for one %8.2f ms/step%n",
                        thread.getKey(), run / 1e6 / steps, wait / 1e6 / steps));
            }
        }
        System.out.printf(Locale.ROOT, "%s, OMP_WAIT_POLICY=%s: wall %.2f ms/step; all threads on a CPU %.2f ms/step,"
                        + " waiting for one %.2f ms/step; threads above 0.1 ms/step:%n%s", which,
                System.getenv("OMP_WAIT_POLICY"), wall / 1e6 / steps, onCpu / 1e6 / steps, waiting / 1e6 / steps, rows);
    }

    private static Runnable fitStep(String updater) {
        IUpdater config = updater.equals("learned") ? LearnedUpdater.randomInit(1) : new Adam(0.03);
        MultiLayerNetwork net = new MultiLayerNetwork(MnistMlp.PAPER.configuration(config, 1));
        net.init();
        Nd4j.getRandom().setSeed(2);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int i = 0; i < 128; i++) {
            labels.putScalar(i, i % 10, 1f);
        }
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 128, 784), labels);
        return () -> net.fit(batch);
    }

    private static Runnable learnedStepAlone() {
        int parameters = 15_910;
        IUpdater config = LearnedUpdater.randomInit(1);
        GradientUpdater<?> updater = config.instantiate(Nd4j.zeros(DataType.FLOAT, 1, config.stateSize(parameters)), true);
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, 1, parameters);
        return () -> {
            gradient.assign(1e-3f);
            updater.applyUpdater(gradient, 0, 0);
        };
    }

    /** Per thread ("tid name"): nanoseconds on a CPU and waiting in the run queue, from /proc/self/task. */
    private static Map<String, long[]> threads() throws IOException {
        Map<String, long[]> threads = new TreeMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String[] schedstat = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    threads.put(task.getFileName() + " " + name,
                            new long[]{Long.parseLong(schedstat[0]), Long.parseLong(schedstat[1])});
                } catch (java.nio.file.NoSuchFileException e) {
                    // the thread ended while being read: it is missing from this sample only
                }
            }
        }
        return threads;
    }
}
