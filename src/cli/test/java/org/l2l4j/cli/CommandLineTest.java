package org.l2l4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = L2l4j.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("demo") && out.toString().contains("data"), out.toString());
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheUsage() {
        assertEquals(2, run("demo", "--steps", "0"));
        assertTrue(err.toString().contains("--steps must be at least 1, got 0"), err.toString());
        assertTrue(err.toString().contains("Usage: l2l4j demo"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void outOfRangeMetaTrainingValuesAreRefusedWithTheUsage() {
        String out = dir.toString();
        assertRefused("steps must be at least 1, got 0", "meta-train", "--steps", "0", "--out", out);
        assertRefused("unroll must be between 1 and steps (20), got 30", "meta-train", "--steps", "20", "--unroll", "30", "--out", out);
        assertRefused("the longest training run (90 steps) must be at least steps (100) and a multiple of unroll (20)",
                "meta-train", "--max-steps", "90", "--out", out);
        assertRefused("meta learning rate must be a positive number, got -0.1", "meta-train", "--lr", "-0.1", "--out", out);
        assertRefused("expected one of [sigmoid, relu, tanh]", "meta-train", "--activation", "swish", "--out", out);
        assertRefused("cannot read the MLP '20:swish'", "meta-train", "--mixture", "20:swish", "--out", out);
        assertRefused("'sometimes' is not roll-back or stop", "meta-train", "--on-divergence", "sometimes", "--out", out);
        assertRefused("--seeds must be at least 1, got 0", "evaluate", "--seeds", "0", "--out", out);
        assertRefused("unknown engine 'warp': expected one of [fast, samediff]", "meta-train", "--engine", "warp", "--out", out);
        assertRefused("--base-rate must be a finite number > 0, got 0.0", "meta-train", "--shape", "general",
                "--base-rate", "0", "--out", out);
        assertRefused("--scale-range and --base-rate shape the general optimizer's nominal direction: add --shape"
                + " general", "meta-train", "--shape", "moments", "--base-rate", "0.003", "--out", out);
        assertRefused("--shape must be paper, general or moments, got 'adam'", "meta-train", "--shape", "adam", "--out",
                out);
        assertRefused("hidden size must be in 1..4096, got 0", "meta-train", "--lstm-units", "0", "--out", out);
        assertRefused("--init takes its shape from the optimizer it names; drop --shape and --lstm-units", "meta-train",
                "--init", "pretrained", "--lstm-units", "8", "--out", out);
        assertRefused("--warmup narrows the general optimizer's learned factor: add --shape general", "meta-train",
                "--warmup", "20", "--out", out);
        assertRefused("--warmup narrows the general optimizer's learned factor, and pretrained:paper-mnist has none",
                "meta-train", "--init", "pretrained:paper-mnist", "--warmup", "20", "--out", out);
        assertRefused("the nominal direction's warm-up must be 0 to 1000000 steps, got -1", "meta-train", "--shape",
                "general", "--warmup", "-1", "--out", out);
        assertRefused("--learned-share and --share-warmup shape the general optimizer's step: add --shape general",
                "meta-train", "--share-warmup", "10", "--out", out);
        assertRefused("--learned-share and --share-warmup shape the general optimizer's step, and"
                + " pretrained:paper-mnist has none", "meta-train", "--init", "pretrained:paper-mnist",
                "--learned-share", "0", "--out", out);
        assertRefused("the learned share's warm-up must be 0 to 1000000 steps, got -2", "meta-train", "--shape",
                "general", "--share-warmup", "-2", "--out", out);
        assertRefused("the nominal direction's learned share α must be in [0, 10], got -1.0", "meta-train", "--shape",
                "general", "--learned-share", "-1", "--out", out);
        assertRefused("unknown baseline 'lbfgs': expected one of [sgd, nag, rmsprop, adam, nadam]", "evaluate", "--baselines",
                "adam,lbfgs", "--out", out);
        assertRefused("Missing required option: '--out=DIR'", "evaluate");
    }

    @Test
    void demoIsEvaluateWithTheDemoPreset() throws Exception {
        Path optimizer = dir.resolve("optimizer.l2l");
        org.l2l4j.optimizer.LearnedOptimizer.randomInit(org.l2l4j.optimizer.OptimizerShape.PAPER_QUADRATIC, 1).save(optimizer);
        String[] race = {"--optimizer", optimizer.toString(), "--problem", "quadratic", "--steps", "4", "--seeds", "2"};
        Path demo = dir.resolve("demo");
        Path evaluate = dir.resolve("evaluate");
        assertEquals(0, run(concat(new String[]{"demo"}, race, new String[]{"--out", demo.toString()})), err.toString());
        assertEquals(0, run(concat(new String[]{"evaluate"}, race, new String[]{"--out", evaluate.toString()})), err.toString());

        var reader = new org.nd4j.shade.jackson.databind.ObjectMapper();
        var demoResults = reader.readTree(demo.resolve("summary.json").toFile()).get("results");
        var evaluateResults = reader.readTree(evaluate.resolve("summary.json").toFile()).get("results");
        assertEquals(2, demoResults.size(), "the demo races tuned Adam only");
        assertEquals("adam", demoResults.get(1).get("optimizer").asText());
        assertEquals(6, evaluateResults.size(), "evaluate races all five baselines");
        // the same race code: the learned optimizer's runs and tuned Adam's are the same in both
        assertEquals(evaluateResults.get(0), demoResults.get(0));
        assertEquals(evaluateResults.get(4), demoResults.get(1));

        out.getBuffer().setLength(0);
        assertEquals(0, run("demo", "--help"));
        assertTrue(out.toString().contains("(default: demo-output)") && out.toString().contains("(default: 5)")
                && out.toString().contains("(default: adam)"), out.toString());
    }

    @Test
    void metaTrainsThroughTheSameDiffGraph() throws Exception {
        Path out = dir.resolve("samediff");
        assertEquals(0, run("meta-train", "--engine", "samediff", "--problem", "quadratic", "--steps", "4", "--unroll",
                "2", "--epochs", "1", "--validation-runs", "1", "--out", out.toString()), err.toString());
        org.l2l4j.optimizer.LearnedOptimizer.load(out.resolve("optimizer.l2l"));
    }

    /** The ablation shape: the general optimizer's moment features, the paper's step, the units asked for. */
    @Test
    void metaTrainsTheMomentsShapeWithTheUnitsAskedFor() throws Exception {
        Path out = dir.resolve("moments");
        assertEquals(0, run("meta-train", "--shape", "moments", "--lstm-units", "3", "--problem", "quadratic", "--steps",
                "4", "--unroll", "2", "--epochs", "1", "--validation-runs", "1", "--out", out.toString()), err.toString());
        org.l2l4j.optimizer.OptimizerShape shape = org.l2l4j.optimizer.LearnedOptimizer.load(out.resolve("optimizer.l2l"))
                .shape();
        assertEquals(new org.l2l4j.optimizer.OptimizerShape(3, org.l2l4j.optimizer.OptimizerShape.GENERAL.preprocessing(),
                org.l2l4j.optimizer.OptimizerShape.PAPER_QUADRATIC.outputScale()), shape);
    }

    /**
     * --warmup, --share-warmup and --learned-share with --init keep the named optimizer's φ and the rest of its shape
     * and set them; meta-training goes on.
     */
    @Test
    void metaTrainsWithTheWarmupAndLearnedShareAskedFor() throws Exception {
        Path general = dir.resolve("general.l2l");
        org.l2l4j.optimizer.LearnedOptimizer.nominalInit(org.l2l4j.optimizer.OptimizerShape.GENERAL, 4).save(general);
        Path out = dir.resolve("warm");
        assertEquals(0, run("meta-train", "--init", general.toString(), "--warmup", "3", "--share-warmup", "5",
                "--learned-share", "0.5",
                "--problem", "quadratic",
                "--steps", "4", "--unroll", "2", "--epochs", "1", "--validation-runs", "1", "--out", out.toString()),
                err.toString());
        assertEquals(org.l2l4j.optimizer.OptimizerShape.GENERAL.withWarmup(3).withShareWarmup(5).withLearnedShare(0.5f),
                org.l2l4j.optimizer.LearnedOptimizer.load(out.resolve("optimizer.l2l")).shape());
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private void assertRefused(String message, String... args) {
        err.getBuffer().setLength(0);
        assertEquals(2, run(args), err.toString());
        assertTrue(err.toString().contains(message), err.toString());
        assertTrue(err.toString().contains("Usage: l2l4j " + args[0]), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void evaluateWritesTheFourReportFiles() throws Exception {
        Path optimizer = dir.resolve("optimizer.l2l");
        org.l2l4j.optimizer.LearnedOptimizer.randomInit(org.l2l4j.optimizer.OptimizerShape.PAPER_QUADRATIC, 1).save(optimizer);
        Path out = dir.resolve("report");
        assertEquals(0, run("evaluate", "--optimizer", optimizer.toString(), "--problem", "quadratic", "--steps", "5",
                "--seeds", "2", "--out", out.toString()), err.toString());
        var summary = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(5, summary.get("steps").asInt());
        assertEquals(2, summary.get("seeds").asInt());
        var results = summary.get("results");
        assertEquals(6, results.size(), "learned, then SGD, NAG, RMSprop, Adam and Nadam");
        assertEquals("learned", results.get(0).get("optimizer").asText());
        assertTrue(results.get(0).get("learning_rate").isNull());
        assertEquals("adam", results.get(4).get("optimizer").asText());
        assertEquals("nadam", results.get(5).get("optimizer").asText());
        assertTrue(results.get(4).get("learning_rate").asDouble() > 0);
        assertEquals(5, results.get(0).get("loss_curve_mean").size());
        assertEquals(6, Files.readAllLines(out.resolve("curves.csv")).size());
        assertTrue(Files.size(out.resolve("curves.png")) > 1000);
        assertTrue(Files.readString(out.resolve("report.md")).contains("| nag |"));
    }

    @Test
    void everyOutOfRangeDemoValueIsRefusedWithTheUsageBeforeAnyWork() throws Exception {
        Path aFile = Files.writeString(dir.resolve("not-a-directory"), "x");
        String[][] badArguments = {
                {"--steps", "-5"}, {"--seeds", "0"}, {"--seeds", "-1"}, {"--steps", "ten"}, {"--seeds", "2.5"},
                {"--steps", "99999999999"}, {"--out", aFile.toString()}, {"--no-such-option"}};
        String[] expectedMessages = {
                "--steps must be at least 1, got -5", "--seeds must be at least 1, got 0", "--seeds must be at least 1, got -1",
                "Invalid value for option '--steps': 'ten' is not an int",
                "Invalid value for option '--seeds': '2.5' is not an int",
                "Invalid value for option '--steps': '99999999999' is not an int",
                "--out must be a directory, but " + aFile + " is a file", "Unknown option: '--no-such-option'"};
        for (int i = 0; i < badArguments.length; i++) {
            err.getBuffer().setLength(0);
            String[] args = new String[badArguments[i].length + 1];
            args[0] = "demo";
            System.arraycopy(badArguments[i], 0, args, 1, badArguments[i].length);
            assertEquals(2, run(args), String.join(" ", args));
            assertTrue(err.toString().contains(expectedMessages[i]), err.toString());
            assertTrue(err.toString().contains("Usage: l2l4j demo"), err.toString());
            assertFalse(err.toString().contains("\tat "), "no stack trace");
        }
        assertFalse(out.toString().contains("Training"), "no training started");
    }

    @Test
    void aBrokenOptimizerFileIsOneClearLine() throws Exception {
        Path broken = Files.writeString(dir.resolve("optimizer.l2l"), "not weights, just some text that is long enough");
        assertEquals(UserErrorHandler.USER_ERROR, run("demo", "--optimizer", broken.toString(), "--out", dir.toString()));
        assertTrue(err.toString().contains(broken + " is not an l2l4j optimizer file"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void aBrokenOptimizerToFineTuneIsOneClearLineBeforeAnyTraining() throws Exception {
        Path broken = Files.writeString(dir.resolve("optimizer.l2l"), "not weights, just some text that is long enough");
        Path out = dir.resolve("run");
        assertEquals(UserErrorHandler.USER_ERROR, run("meta-train", "--problem", "quadratic", "--init", broken.toString(),
                "--out", out.toString()));
        assertTrue(err.toString().contains(broken + " is not an l2l4j optimizer file"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(out.resolve("log.csv")), "no training started");
    }

    @Test
    void aMissingDatasetDirectoryIsOneClearLine() {
        Path missing = dir.resolve("no-such-mnist");
        assertEquals(UserErrorHandler.USER_ERROR, run("data", "--data", missing.toString()));
        assertTrue(err.toString().contains(missing.toString()), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--problem quadratic", "--task mlp7-16-sigmoid --task quadratic"})
    void metaTrainingOnSparkWritesTheSameFilesAsWithout(String optimizees) throws Exception {
        String[] settings = concat(concat(new String[]{"meta-train"}, optimizees.split(" ")), "--steps", "40", "--unroll",
                "20", "--epochs", "2", "--runs", "3", "--validate-every", "1", "--validation-runs", "1");
        Path local = dir.resolve("local");
        Path spark = dir.resolve("spark");
        assertEquals(0, run(concat(settings, "--out", local.toString())), err.toString());
        assertEquals(0, run(concat(settings, "--out", spark.toString(), "--spark", "local[2]",
                "--spark-conf", "spark.driver.host=127.0.0.1")), err.toString());
        for (String file : new String[]{"optimizer.l2l", "checkpoint.l2lckpt", "log.csv"}) {
            assertArrayEquals(Files.readAllBytes(local.resolve(file)), Files.readAllBytes(spark.resolve(file)), file);
        }
    }

    @Test
    void badSparkSettingsAreRefusedWithTheUsage() {
        String out = dir.toString();
        assertRefused("--spark-conf and --spark-properties need --spark MASTER", "meta-train", "--problem", "quadratic",
                "--spark-conf", "spark.authenticate=true", "--out", out);
        assertRefused("--spark-conf 'spark.authenticate' is not KEY=VALUE", "meta-train", "--problem", "quadratic",
                "--spark", "local[1]", "--spark-conf", "spark.authenticate", "--out", out);
        assertRefused("cannot read --spark-properties " + dir.resolve("missing.properties"), "meta-train",
                "--problem", "quadratic", "--spark", "local[1]", "--spark-properties",
                dir.resolve("missing.properties").toString(), "--out", out);
    }

    @Test
    void anUnreachableOrMalformedSparkMasterIsOneClearLine() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path out = dir.resolve("run");
        assertEquals(UserErrorHandler.USER_ERROR, run("meta-train", "--problem", "quadratic", "--spark",
                "spark://127.0.0.1:" + closedPort, "--out", out.toString()));
        assertTrue(err.toString().contains("cannot reach the Spark master at 127.0.0.1:" + closedPort), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(out.resolve("log.csv")), "no training started");

        err.getBuffer().setLength(0);
        assertEquals(UserErrorHandler.USER_ERROR, run("meta-train", "--problem", "quadratic", "--spark", "local[x]",
                "--out", out.toString()));
        assertTrue(err.toString().contains("Spark could not start with master 'local[x]'"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
