package org.l2l4j.cli;

import org.l2l4j.eval.CaseResult;
import org.l2l4j.eval.LearningRateSearch;
import org.l2l4j.eval.RaceResult;
import org.l2l4j.eval.SuiteCase;
import org.l2l4j.eval.SuiteResult;
import org.l2l4j.eval.TunedBaseline;
import org.l2l4j.io.AtomicFiles;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A suite written out: suite.json, report.md with the table, and one curve plot per case, all atomically. */
final class SuiteReport {

    private final SuiteResult result;
    private final String optimizer;
    private final String command;
    private int totalCases;

    SuiteReport(SuiteResult result, String optimizer, String command) {
        this.result = result;
        this.optimizer = optimizer;
        this.command = command;
        this.totalCases = result.cases().size();
    }

    /** Marks the report as one of a suite still running, with {@code totalCases} cases in all. */
    SuiteReport partial(int totalCases) {
        this.totalCases = totalCases;
        return this;
    }

    private boolean isPartial() {
        return result.cases().size() < totalCases;
    }

    void write(Path directory) throws IOException {
        java.nio.file.Files.createDirectories(directory);
        writeJson(directory.resolve("suite.json"));
        for (CaseResult c : result.cases()) {
            LossCurvePlot.write(c.allResults(), c.suiteCase().name() + ": " + c.suiteCase().description(),
                    directory.resolve(c.suiteCase().name() + ".png"));
        }
        AtomicFiles.write(directory.resolve("report.md"), markdown().getBytes(StandardCharsets.UTF_8));
    }

    /** The console summary: one line per case. */
    String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-26s %6s %10s %16s %10s %7s%n", "case", "steps",
                "learned", "best baseline", "its loss", "ratio"));
        for (CaseResult c : result.cases()) {
            TunedBaseline best = c.best();
            sb.append(String.format(Locale.ROOT, "%-26s %6d %10.4f %16s %10.4f %7.3f%n", c.suiteCase().name(),
                    c.suiteCase().steps(), c.learned().meanFinalLoss(), best.baseline().label() + " " + best.learningRate(),
                    best.result().meanFinalLoss(), c.ratio()));
        }
        sb.append(String.format(Locale.ROOT, "geometric mean ratio %.3f%n", result.geometricMeanRatio()));
        return sb.toString();
    }

    private void writeJson(Path json) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("suite", result.suite());
        root.put("seeds", result.seeds());
        root.put("quick", result.quick());
        root.put("optimizer", optimizer);
        if (isPartial()) {
            root.put("partial", "cases done so far: " + result.cases().size() + " of " + totalCases);
        }
        List<Map<String, Object>> cases = new ArrayList<>();
        for (CaseResult c : result.cases()) {
            TunedBaseline best = c.best();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("case", c.suiteCase().name());
            entry.put("steps", c.suiteCase().steps());
            entry.put("learned_final_loss_mean", finiteOrNull(c.learned().meanFinalLoss()));
            entry.put("best_baseline", best.baseline().label());
            entry.put("best_baseline_learning_rate", best.learningRate());
            entry.put("best_baseline_final_loss_mean", finiteOrNull(best.result().meanFinalLoss()));
            entry.put("ratio", finiteOrNull(c.ratio()));
            entry.put("learned_final_accuracy_mean", finiteOrNull(c.learned().meanFinalAccuracy()));
            entry.put("learned_final_minibatch_loss_mean", finiteOrNull(lastMinibatchLoss(c.learned())));
            entry.put("best_baseline_final_accuracy_mean", finiteOrNull(best.result().meanFinalAccuracy()));
            entry.put("protocol", c.suiteCase().protocol().name().toLowerCase(Locale.ROOT));
            entry.put("learning_rate_search", c.suiteCase().search().name().toLowerCase(Locale.ROOT));
            List<Map<String, Object>> baselines = new ArrayList<>();
            for (TunedBaseline b : c.baselines()) {
                Map<String, Object> baseline = new LinkedHashMap<>();
                baseline.put("optimizer", b.baseline().label());
                baseline.put("learning_rate", b.learningRate());
                baseline.put("final_loss_mean", finiteOrNull(b.result().meanFinalLoss()));
                baseline.put("final_accuracy_mean", finiteOrNull(b.result().meanFinalAccuracy()));
                baselines.add(baseline);
            }
            entry.put("baselines", baselines);
            cases.add(entry);
        }
        root.put("cases", cases);
        root.put("geometric_mean_ratio", finiteOrNull(result.geometricMeanRatio()));
        AtomicFiles.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
    }

    private String markdown() {
        StringBuilder sb = new StringBuilder("# Suite `").append(result.suite()).append("`")
                .append(result.quick() ? " (quick)" : "").append(": learned optimizer vs tuned baselines\n\n");
        if (isPartial()) {
            sb.append("**Partial: ").append(result.cases().size()).append(" of ").append(totalCases)
                    .append(" cases done so far; the suite is still running.**\n\n");
        }
        sb.append("Optimizer: ").append(optimizer).append(". ").append(result.seeds()).append(" reporting seeds per optimizer;"
                + " for a seed every optimizer starts from the same θ_0 and sees the same minibatches.\n\n");
        sb.append("Command: `").append(command).append("`\n\n");
        sb.append("Baselines: SGD, NAG (momentum 0.9), RMSprop, Adam and Nadam, DL4J's own updaters, each at its learning"
                + " rate tuned on the grid 1e-4, 3e-4, ..., 3 (half decades).\n");
        Set<LearningRateSearch> searches = EnumSet.noneOf(LearningRateSearch.class);
        Set<SuiteCase.Protocol> protocols = EnumSet.noneOf(SuiteCase.Protocol.class);
        result.cases().forEach(c -> {
            searches.add(c.suiteCase().search());
            protocols.add(c.suiteCase().protocol());
        });
        if (searches.contains(LearningRateSearch.COARSE)) {
            sb.append("Cases marked *coarse* are tuned on a coarser search of the same grid, to save time: the full"
                    + " decades first, then the half-decades either side of the best decade.\n");
        }
        sb.append('\n');
        for (SuiteCase.Protocol protocol : protocols) {
            sb.append("- **").append(protocol.name().toLowerCase(Locale.ROOT).replace('_', '-')).append("** cases: ")
                    .append(protocol.meaning()).append(".\n");
        }
        sb.append("\nLoss is the cross-entropy after the last step on the whole evaluation split (mean over seeds); the"
                + " ratio is the learned optimizer's over the best baseline's. Below 1 the learned optimizer wins; above 1"
                + " it loses.\n\n");
        sb.append("| case | steps | protocol | learned: final loss | learned: accuracy | learned: final minibatch"
                + " (training) loss | best baseline | its final loss | its accuracy | ratio | |\n");
        sb.append("|---|---:|---|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (CaseResult c : result.cases()) {
            TunedBaseline best = c.best();
            SuiteCase sc = c.suiteCase();
            sb.append(String.format(Locale.ROOT, "| [%s](#%s) | %d | %s%s | %.4f | %s | %.4f | %s (lr %s) | %.4f | %s | %.3f | %s |%n",
                    sc.name(), sc.name(), sc.steps(), sc.protocol().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    sc.search() == LearningRateSearch.COARSE ? ", coarse" : "", c.learned().meanFinalLoss(),
                    accuracy(c.learned()), lastMinibatchLoss(c.learned()), best.baseline().label(), best.learningRate(),
                    best.result().meanFinalLoss(), accuracy(best.result()), c.ratio(), c.ratio() < 1 ? "win" : "**loss**"));
        }
        sb.append(String.format(Locale.ROOT, "%nGeometric mean of the ratios: **%.3f**.%n", result.geometricMeanRatio()));
        for (CaseResult c : result.cases()) {
            SuiteCase sc = c.suiteCase();
            sb.append("\n## ").append(sc.name()).append("\n\n").append(sc.description()).append(", ").append(sc.steps())
                    .append(" steps; learning rates: ").append(sc.search().describe()).append(".\n\n");
            sb.append("| optimizer | learning rate | final minibatch loss | final loss | final accuracy |\n");
            sb.append("|---|---:|---:|---:|---:|\n");
            for (RaceResult r : c.allResults()) {
                int last = r.steps() - 1;
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.4f ± %.4f | %.4f ± %.4f | %s |%n", r.optimizer(),
                        r.learningRate() == null ? "learned" : r.learningRate(), r.meanLossAt(last), r.stdLossAt(last),
                        r.meanFinalLoss(), r.stdFinalLoss(), accuracy(r)));
            }
            sb.append("\n![").append(sc.name()).append("](").append(sc.name()).append(".png)\n");
        }
        return sb.toString();
    }

    private static double lastMinibatchLoss(RaceResult r) {
        return r.meanLossAt(r.steps() - 1);
    }

    private static String accuracy(RaceResult r) {
        return Double.isNaN(r.meanFinalAccuracy()) ? "—" : String.format(Locale.ROOT, "%.4f", r.meanFinalAccuracy());
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
