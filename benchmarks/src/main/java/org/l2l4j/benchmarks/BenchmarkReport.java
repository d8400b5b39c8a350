package org.l2l4j.benchmarks;

import jdk.incubator.vector.FloatVector;
import org.l2l4j.io.AtomicFiles;
import org.l2l4j.optimizer.OptimizerShape;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one JMH JSON result file into docs/results/benchmarks.md: the ratios first, then every raw score, then the
 * written analyses that follow {@link #KEPT} in the previous file, which a rerun keeps.
 */
public final class BenchmarkReport {

    /** The line after which the previous report's text (analyses written by hand) is carried into the new one. */
    static final String KEPT = "<!-- Written by hand: benchmarks/run.sh keeps everything below this line. -->";

    private final Map<String, double[]> scores = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    private BenchmarkReport(JsonNode results) {
        for (JsonNode result : results) {
            String name = result.get("benchmark").asText().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1");
            JsonNode params = result.get("params");
            StringBuilder key = new StringBuilder(name);
            if (params != null) {
                // parameter values in the order of their names, so the key does not depend on JMH's field order
                Map<String, String> byName = new TreeMap<>();
                params.fields().forEachRemaining(e -> byName.put(e.getKey(), e.getValue().asText()));
                byName.values().forEach(v -> key.append(' ').append(v));
            }
            JsonNode metric = result.get("primaryMetric");
            scores.put(key.toString(), new double[]{metric.get("score").asDouble(), metric.get("scoreError").asDouble()});
            units.put(key.toString(), metric.get("scoreUnit").asText());
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: BenchmarkReport JMH_JSON OUTPUT_MD COMMAND");
        }
        BenchmarkReport report = new BenchmarkReport(new ObjectMapper().readTree(Files.readAllBytes(Path.of(args[0]))));
        Path output = Path.of(args[1]);
        String previous = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        int kept = previous.indexOf(KEPT);
        String analyses = kept < 0 ? "" : "\n" + previous.substring(kept);
        AtomicFiles.write(output, (report.markdown(args[2]) + analyses).getBytes(StandardCharsets.UTF_8));
    }

    private double score(String key) {
        double[] s = scores.get(key);
        if (s == null) {
            throw new IllegalStateException("the JMH results have no '" + key + "'; run the whole suite");
        }
        return s[0];
    }

    private String markdown(String command) {
        StringBuilder sb = new StringBuilder("# Benchmarks\n\n");
        sb.append("Measured with JMH in one run of `").append(command).append("` on ").append(LocalDate.now())
                .append(": ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.arch"))
                .append(". The machine is noisy: compare the ratios, which come from this one run, not absolute times"
                        + " across runs.\n\n");
        double peakOneThread = FmaPeakBenchmark.FLOPS_PER_OP / (1000 * score("FmaPeakBenchmark.oneThread"));
        double peakTwoThreads = 2 * FmaPeakBenchmark.FLOPS_PER_OP / (1000 * score("FmaPeakBenchmark.twoThreads"));
        OptimizerShape general = UpdaterStepBenchmark.GENERAL;
        double flopsPerCoordinate = stepFlopsPerCoordinate(general);
        double paperFlopsPerCoordinate = stepFlopsPerCoordinate(OptimizerShape.PAPER_MNIST);
        sb.append("## Ratios\n\n\"learned\" is the general optimizer's shape (`LearnedUpdater.pretrained(\"general\")`, ")
                .append(general).append("); \"paper shape\" is the paper's (`paper-mnist`, ")
                .append(OptimizerShape.PAPER_MNIST).append(").\n\n| ratio | measured | target |\n|---|---:|---:|\n");
        for (String n : new String[]{"15910", "1000000"}) {
            double floorMicros = fmaFloorMicros(flopsPerCoordinate, Integer.parseInt(n), peakTwoThreads);
            double paperFloorMicros = fmaFloorMicros(paperFlopsPerCoordinate, Integer.parseInt(n), peakTwoThreads);
            ratio(sb, "learned updater step / FMA peak floor, " + n + " parameters",
                    score("UpdaterStepBenchmark.learnedStep " + n) / floorMicros, n.equals("1000000") ? "≤ 1.5" : "—");
            ratio(sb, "learned updater step / FMA peak floor, " + n + " parameters, paper shape",
                    score("UpdaterStepBenchmark.paperStep " + n) / paperFloorMicros, "—");
            ratio(sb, "learned updater step / its gemm floor, " + n + " parameters",
                    score("UpdaterStepBenchmark.learnedStep " + n) / score("UpdaterStepBenchmark.gemmFloor " + n), "—");
            ratio(sb, "learned step kernel, scalar / vectorised loops, " + n + " parameters",
                    score("UpdaterStepBenchmark.kernelStepScalar " + n)
                            / score("UpdaterStepBenchmark.kernelStepVectorised " + n), "—");
            ratio(sb, "learned updater step / Adam step, " + n + " parameters",
                    score("UpdaterStepBenchmark.learnedStep " + n) / score("UpdaterStepBenchmark.adamStep " + n), "—");
            ratio(sb, "learned updater step / Adam step, " + n + " parameters, paper shape",
                    score("UpdaterStepBenchmark.paperStep " + n) / score("UpdaterStepBenchmark.adamStep " + n), "—");
        }
        double memoryFloorMicros = score("MemoryTrafficBenchmark.readAndWriteState 1000000");
        double fmaFloorMicros = fmaFloorMicros(flopsPerCoordinate, 1_000_000, peakTwoThreads);
        ratio(sb, "learned updater step / memory traffic floor, 1000000 parameters",
                score("UpdaterStepBenchmark.learnedStep 1000000") / memoryFloorMicros, "—");
        ratio(sb, "memory traffic floor / FMA peak floor, 1000000 parameters", memoryFloorMicros / fmaFloorMicros,
                "—");
        double nonlinearityFloorMicros = nonlinearityFloorMicros(general, 1_000_000);
        ratio(sb, "nonlinearity floor / FMA peak floor, 1000000 parameters", nonlinearityFloorMicros / fmaFloorMicros,
                "—");
        ratio(sb, "learned updater step / (FMA peak floor + nonlinearity floor), 1000000 parameters",
                score("UpdaterStepBenchmark.learnedStep 1000000") / (fmaFloorMicros + nonlinearityFloorMicros), "—");
        fitRatios(sb, "paper-mlp", "MNIST MLP, batch 128", "≤ 1.5");
        fitRatios(sb, "mlp-1000", "784-1000-10 ReLU MLP, batch 128", "≤ 2");
        fitRatios(sb, "lenet", "LeNet-5, batch 64", "≤ 2");
        double epochMs = score("MetaTrainingBenchmark.metaTrainingEpoch");
        ratio(sb, "meta-training, time per optimizee step / its gemm floor (MNIST MLP)",
                epochMs / 100 / score("MetaTrainingBenchmark.optimizerStepFloor"), "—");
        ratio(sb, "meta-training on LeNet-5, time per optimizee step / (DL4J forward+backward + learned updater"
                + " step) (paper shape, batch 64)", largeMetaTrainingRatio(), "≤ 3");
        sb.append(String.format(Locale.ROOT, "%nOne MNIST meta-training epoch (100 steps, unroll 20, forward and"
                + " backward): %.0f ms, target 1200 ms.%n", epochMs));
        sb.append(String.format(Locale.ROOT, "%nFMA peak (FP32, Vector API, %d lanes): %.1f GFLOP/s on one thread,"
                + " %.1f GFLOP/s on two. The learned step does %.0f floating-point operations per parameter in its"
                + " matrix products (%s); at 1,000,000 parameters it ran at %.1f GFLOP/s. The paper's shape does %.0f"
                + " and ran at %.1f GFLOP/s.%n",
                FloatVector.SPECIES_PREFERRED.length(), peakOneThread, peakTwoThreads, flopsPerCoordinate,
                general, 1e6 * flopsPerCoordinate / (1000 * score("UpdaterStepBenchmark.learnedStep 1000000")),
                paperFlopsPerCoordinate, 1e6 * paperFlopsPerCoordinate
                        / (1000 * score("UpdaterStepBenchmark.paperStep 1000000"))));
        sb.append(String.format(Locale.ROOT, "%nBesides its products, the learned step evaluates %d sigmoids and %d"
                + " tanhs per parameter: at 1,000,000 parameters its FMA peak floor is %.1f ms, its nonlinearity floor"
                + " %.1f ms and its memory traffic floor %.1f ms.%n",
                NonlinearityBenchmark.sigmoidsPerCoordinate(general), NonlinearityBenchmark.tanhsPerCoordinate(general),
                fmaFloorMicros / 1000, nonlinearityFloorMicros / 1000, memoryFloorMicros / 1000));
        sb.append("""

                - **learned updater step**: `LearnedUpdater`'s GradientUpdater turning N gradients into updates in place.
                - **FMA peak floor**: the step's matrix-product operations at the machine's measured FP32 peak on both
                  cores (`FmaPeakBenchmark`: twelve independent vector FMA chains in registers), nothing else.
                - **gemm floor**: the step's matrix products as preallocated `Nd4j.gemm` calls, nothing else.
                - **memory traffic floor**: reading and writing once, on both cores, every float the step must
                  touch (`MemoryTrafficBenchmark`: the optimizer state and the gradient, one multiply per float),
                  nothing else. The step cannot be faster than either floor.
                - **nonlinearity floor**: the step's sigmoids and tanhs (the gates', tanh(c) and the nominal
                  output's) at the rate `NonlinearityBenchmark` runs the kernel's rational tanh on both cores from
                  L1, nothing else. The FMA peak floor does not count them; the step must do both.
                - **kernel, scalar / vectorised**: the step kernel alone (`StepKernel`) with its scalar loops, which
                  run where the JVM lacks `--add-modules jdk.incubator.vector`, against its Vector API loops.
                - **fit step**: one `MultiLayerNetwork.fit` on the paper's MLP (784-20-10 sigmoid, 15,910 parameters,
                  batch 128), on a 784-1000-10 ReLU MLP (795,010 parameters, batch 128) and on LeNet-5 (431,080
                  parameters, batch 64). DL4J's convolution and pooling layers run on oneDNN, as `./l2l4j` runs them.
                - **meta-training epoch**: one optimizee run of 100 steps in 5 truncations of 20 with meta-gradients;
                  its floor is one optimizer step's products forward and backward.
                - **meta-training on LeNet-5**: `LargeMetaTrainingBenchmark`, one truncation of 20 steps with its
                  meta-gradient on the `lenet` task (431,080 parameters, batch 64, the paper's optimizer shape), divided
                  by 20, against DL4J's `computeGradientAndScore` of that network plus the learned updater's step.

                ## Raw scores

                | benchmark | score | ± error | unit |
                |---|---:|---:|---|
                """);
        scores.forEach((key, s) -> sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s |%n", key, s[0], s[1],
                units.get(key))));
        return sb.toString();
    }

    /** Multiply-adds of the step's three products, two operations each: layer 1, layer 2, the output layer. */
    private static double stepFlopsPerCoordinate(OptimizerShape shape) {
        return 2.0 * shape.multiplyAddsPerStep();
    }

    /** The step's matrix products over {@code coordinates} at {@code gflops}, the FMA peak, in microseconds. */
    private static double fmaFloorMicros(double flopsPerCoordinate, int coordinates, double gflops) {
        return coordinates * flopsPerCoordinate / gflops / 1000;
    }

    /**
     * The step's sigmoids and tanhs at the rate {@link NonlinearityBenchmark} ran them, both cores busy: each of
     * the two threads evaluates half of the coordinates' nonlinearities.
     */
    private double nonlinearityFloorMicros(OptimizerShape shape, int coordinates) {
        double nanosPerSigmoid = score("NonlinearityBenchmark.sigmoid") / NonlinearityBenchmark.ELEMENTS;
        double nanosPerTanh = score("NonlinearityBenchmark.tanh") / NonlinearityBenchmark.ELEMENTS;
        double perCoordinate = NonlinearityBenchmark.sigmoidsPerCoordinate(shape) * nanosPerSigmoid
                + NonlinearityBenchmark.tanhsPerCoordinate(shape) * nanosPerTanh;
        return perCoordinate * coordinates / 2 / 1000;
    }

    /** fit step, learned / Adam and paper shape / Adam, on one network. */
    private void fitRatios(StringBuilder sb, String network, String label, String target) {
        double adam = score("FitStepBenchmark.fitStep " + network + " adam");
        ratio(sb, "MultiLayerNetwork.fit step, learned / Adam (" + label + ")",
                score("FitStepBenchmark.fitStep " + network + " learned") / adam, target);
        ratio(sb, "MultiLayerNetwork.fit step, learned / Adam (" + label + "), paper shape",
                score("FitStepBenchmark.fitStep " + network + " paper") / adam, "—");
    }

    private double largeMetaTrainingRatio() {
        double perStep = score("LargeMetaTrainingBenchmark.metaTrainingTruncation") / LargeMetaTrainingBenchmark.UNROLL;
        return perStep / (score("LargeMetaTrainingBenchmark.networkForwardBackward")
                + score("LargeMetaTrainingBenchmark.learnedUpdaterStep"));
    }

    private static void ratio(StringBuilder sb, String what, double value, String target) {
        sb.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", what, value, target));
    }
}
