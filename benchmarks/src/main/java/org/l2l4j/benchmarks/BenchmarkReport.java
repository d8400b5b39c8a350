package org.l2l4j.benchmarks;

import org.l2l4j.io.AtomicFiles;
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

/** Turns one JMH JSON result file into docs/results/benchmarks.md: the ratios first, then every raw score. */
public final class BenchmarkReport {

    private final Map<String, double[]> scores = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    private BenchmarkReport(JsonNode results) {
        for (JsonNode result : results) {
            String name = result.get("benchmark").asText().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1");
            JsonNode params = result.get("params");
            String key = params == null ? name : name + " " + params.elements().next().asText();
            JsonNode metric = result.get("primaryMetric");
            scores.put(key, new double[]{metric.get("score").asDouble(), metric.get("scoreError").asDouble()});
            units.put(key, metric.get("scoreUnit").asText());
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: BenchmarkReport JMH_JSON OUTPUT_MD COMMAND");
        }
        BenchmarkReport report = new BenchmarkReport(new ObjectMapper().readTree(Files.readAllBytes(Path.of(args[0]))));
        AtomicFiles.write(Path.of(args[1]), report.markdown(args[2]).getBytes(StandardCharsets.UTF_8));
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
        sb.append("## Ratios\n\n| ratio | measured | target |\n|---|---:|---:|\n");
        for (String n : new String[]{"15910", "1000000"}) {
            ratio(sb, "learned updater step / its gemm floor, " + n + " parameters",
                    score("UpdaterStepBenchmark.learnedStep " + n) / score("UpdaterStepBenchmark.gemmFloor " + n), "≤ 2");
            ratio(sb, "learned updater step / Adam step, " + n + " parameters",
                    score("UpdaterStepBenchmark.learnedStep " + n) / score("UpdaterStepBenchmark.adamStep " + n), "—");
        }
        ratio(sb, "MultiLayerNetwork.fit step, learned / Adam (MNIST MLP, batch 128)",
                score("FitStepBenchmark.fitStep learned") / score("FitStepBenchmark.fitStep adam"), "≤ 3");
        double epochMs = score("MetaTrainingBenchmark.metaTrainingEpoch");
        ratio(sb, "meta-training, time per optimizee step / its gemm floor (MNIST MLP)",
                epochMs / 100 / score("MetaTrainingBenchmark.optimizerStepFloor"), "—");
        sb.append(String.format(Locale.ROOT, "%nOne MNIST meta-training epoch (100 steps, unroll 20, forward and"
                + " backward): %.0f ms, target 3000 ms.%n", epochMs));
        sb.append("""

                - **learned updater step**: `LearnedUpdater`'s GradientUpdater turning N gradients into updates in place.
                - **gemm floor**: the step's matrix products as preallocated `Nd4j.gemm` calls, nothing else.
                - **fit step**: one `MultiLayerNetwork.fit` on the paper's MLP (784-20-10 sigmoid, 15,910 parameters).
                - **meta-training epoch**: one optimizee run of 100 steps in 5 truncations of 20 with meta-gradients;
                  its floor is one optimizer step's products forward and backward.

                ## Raw scores

                | benchmark | score | ± error | unit |
                |---|---:|---:|---|
                """);
        scores.forEach((key, s) -> sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s |%n", key, s[0], s[1],
                units.get(key))));
        return sb.toString();
    }

    private static void ratio(StringBuilder sb, String what, double value, String target) {
        sb.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", what, value, target));
    }
}
