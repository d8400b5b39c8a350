package org.l2l4j.cli;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --model, --task, tasks and evaluate --suite, on a small MNIST-format dataset. */
class ModelAndSuiteCommandTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path data;

    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeData() throws Exception {
        data = TinyMnist.write(shared.resolve("mnist"), 1200, 1000);
    }

    private int run(String... args) {
        CommandLine cli = L2l4j.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private static NeuralNetConfiguration.ListBuilder layers() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new Adam()).list();
    }

    private static OutputLayer softmax(int in, int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(classes).activation(Activation.SOFTMAX).build();
    }

    private Path json(String name, MultiLayerConfiguration configuration) throws Exception {
        return Files.writeString(dir.resolve(name), configuration.toJson());
    }

    private void assertRefused(String[] messages, String... args) {
        err.getBuffer().setLength(0);
        assertEquals(2, run(args), err.toString());
        for (String message : messages) {
            assertTrue(err.toString().contains(message), "expected '" + message + "' in: " + err);
        }
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void tasksListsEveryTaskWithItsParameterCountAndRole() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(bytes, true));
        try {
            assertEquals(0, run("tasks"));
        } finally {
            System.setOut(original);
        }
        String listing = bytes.toString();
        // hand-counted: (784 + 1) * 20 + (20 + 1) * 10; LeNet 520 + 25,050 + 400,500 + 5,010
        assertTrue(listing.matches("(?s).*mlp-20-sigmoid\\s+15,910 parameters.*"), listing);
        assertTrue(listing.matches("(?s).*lenet\\s+431,080 parameters.*"), listing);
        assertTrue(listing.indexOf("For meta-training") < listing.indexOf("mlp14-20-tanh")
                && listing.indexOf("mlp14-20-tanh") < listing.indexOf("Held out")
                && listing.indexOf("Held out") < listing.indexOf("cnn-small"), listing);
        for (String task : List.of("quadratic", "mlp-20-relu", "mlp-40-elu", "rnn-rows-simple", "rnn-rows-lstm")) {
            assertTrue(listing.contains(task), task);
        }
    }

    @Test
    void filesThatCannotBeTheOptimizeeAreRefusedNamingTheFileAndTheMismatch() throws Exception {
        String out = dir.resolve("out").toString();
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a network at all");
        assertRefused(new String[]{text.toString(), "is not a DL4J network configuration"},
                "evaluate", "--model", text.toString(), "--data", data.toString(), "--out", out);
        Path otherJson = Files.writeString(dir.resolve("other.json"), "{\"name\": \"something else\"}");
        assertRefused(new String[]{otherJson.toString(), "not a DL4J network configuration"},
                "meta-train", "--model", otherJson.toString(), "--data", data.toString(), "--out", out);

        Path wrongInput = json("wrong-input.json", layers()
                .layer(new DenseLayer.Builder().nIn(100).nOut(8).activation(Activation.RELU).build())
                .layer(softmax(8, 10)).build());
        assertRefused(new String[]{wrongInput.toString(), "input does not fit", "784"},
                "meta-train", "--model", wrongInput.toString(), "--data", data.toString(), "--out", out);

        Path wrongOutput = json("wrong-output.json", layers()
                .layer(new DenseLayer.Builder().nIn(784).nOut(8).activation(Activation.RELU).build())
                .layer(softmax(8, 5)).build());
        assertRefused(new String[]{wrongOutput.toString(), "has 5 units, but the dataset has 10 classes"},
                "evaluate", "--model", wrongOutput.toString(), "--data", data.toString(), "--out", out);

        Path noParameters = json("no-parameters.json", layers()
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build()).build());
        assertRefused(new String[]{noParameters.toString(), "no trainable parameters"},
                "meta-train", "--model", noParameters.toString(), "--data", data.toString(), "--out", out);

        assertRefused(new String[]{"there is no task 'resnet'", "lenet"}, "meta-train", "--task", "resnet", "--out", out);
        assertRefused(new String[]{"there is no suite 'everything'"}, "evaluate", "--suite", "everything", "--out", out);
    }

    /** A CNN configuration written by hand (not a preset), with MNIST given as images through its input type. */
    @Test
    void metaTrainsOnAHandWrittenCnnConfiguration() throws Exception {
        Path cnn = json("cnn.json", layers()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build());
        Path out = dir.resolve("trained");
        assertEquals(0, run("meta-train", "--model", cnn.toString(), "--data", data.toString(), "--steps", "4", "--unroll", "2",
                "--epochs", "3", "--validate-every", "1", "--validation-runs", "1", "--out", out.toString()), err.toString());
        assertTrue(Files.size(out.resolve("optimizer.l2l")) > 0);
        assertEquals(4, Files.readAllLines(out.resolve("log.csv")).size(), "a header and three epochs");
    }

    /** --model repeated: meta-training takes the networks in turn; evaluate takes one network. */
    @Test
    void metaTrainsOnAMixtureOfConfigurations() throws Exception {
        Path tanh = json("tanh.json", layers()
                .layer(new DenseLayer.Builder().nIn(784).nOut(6).activation(Activation.TANH).build())
                .layer(softmax(6, 10)).build());
        Path relu = json("relu.json", layers()
                .layer(new DenseLayer.Builder().nIn(784).nOut(5).activation(Activation.RELU).build())
                .layer(softmax(5, 10)).build());
        Path out = dir.resolve("mixture");
        assertEquals(0, run("meta-train", "--model", tanh.toString(), "--model", relu.toString(), "--shape", "general",
                "--base-rate", "0.003", "--data", data.toString(), "--steps", "4", "--unroll", "2", "--epochs", "2",
                "--validate-every", "1", "--validation-runs", "1", "--out", out.toString()), err.toString());
        assertEquals(3, Files.readAllLines(out.resolve("log.csv")).size(), "a header and two epochs");
        assertEquals(0.003f, OptimizerChoice.load(out.resolve("optimizer.l2l").toString()).optimizer().shape().outputScale());
        assertRefused(new String[]{"evaluate takes one --model"}, "evaluate", "--model", tanh.toString(), "--model",
                relu.toString(), "--data", data.toString(), "--out", dir.resolve("two").toString());
    }

    /** evaluate --model reads a ModelSerializer zip's configuration. */
    @Test
    void evaluatesAModelSerializerZip() throws Exception {
        MultiLayerNetwork network = new MultiLayerNetwork(layers()
                .layer(new DenseLayer.Builder().nIn(784).nOut(6).activation(Activation.TANH).build())
                .layer(softmax(6, 10)).build());
        network.init();
        Path zip = dir.resolve("model.zip");
        ModelSerializer.writeModel(network, zip.toFile(), true);
        Path out = dir.resolve("evaluated");
        assertEquals(0, run("evaluate", "--model", zip.toString(), "--data", data.toString(), "--steps", "3", "--seeds", "1",
                "--out", out.toString()), err.toString());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(6, summary.get("results").size(), "learned and five baselines");
        assertTrue(summary.get("problem").asText().contains("model.zip"));
    }

    @Test
    void aQuickGeneralizationSuiteWritesItsJsonReportAndPlots() throws Exception {
        Path out = dir.resolve("generalization");
        assertEquals(0, run("evaluate", "--optimizer", "pretrained", "--suite", "generalization", "--quick", "--seeds", "2",
                "--data", data.toString(), "--cache", dir.resolve("cache").toString(), "--out", out.toString()), err.toString());
        JsonNode suite = new ObjectMapper().readTree(out.resolve("suite.json").toFile());
        assertEquals("generalization", suite.get("suite").asText());
        assertEquals(2, suite.get("seeds").asInt());
        JsonNode cases = suite.get("cases");
        List<String> names = new java.util.ArrayList<>();
        cases.forEach(c -> names.add(c.get("case").asText()));
        assertTrue(names.containsAll(List.of("mlp-20-relu", "mlp-100-relu", "mlp-64x32-relu", "mlp-40-elu", "cnn-small",
                "mlp-20-sigmoid-1000-steps", "rnn-rows-simple", "rnn-rows-lstm")), names.toString());
        assertFalse(names.contains("lenet"), "--quick leaves out the costly case");
        double logSum = 0;
        for (JsonNode c : cases) {
            for (String field : List.of("case", "steps", "learned_final_loss_mean", "best_baseline",
                    "best_baseline_learning_rate", "best_baseline_final_loss_mean", "ratio")) {
                assertTrue(c.has(field), field + " in " + c);
            }
            assertEquals(5, c.get("baselines").size(), "SGD, NAG, RMSprop, Adam and Nadam");
            double best = Double.POSITIVE_INFINITY;
            for (JsonNode b : c.get("baselines")) {
                best = Math.min(best, loss(b.get("final_loss_mean")));
            }
            assertEquals(best, loss(c.get("best_baseline_final_loss_mean")), "the best is the lowest");
            double ratio = loss(c.get("learned_final_loss_mean")) / best;
            assertFiniteOrNull(ratio, c.get("ratio"));
            logSum += Math.log(ratio);
            assertTrue(Files.size(out.resolve(c.get("case").asText() + ".png")) > 1000);
        }
        assertFiniteOrNull(Math.exp(logSum / cases.size()), suite.get("geometric_mean_ratio"));
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| [rnn-rows-lstm](#rnn-rows-lstm) |"), report);
        assertTrue(report.contains("coarser search"), report);
        assertTrue(report.contains("![cnn-small](cnn-small.png)"), report);
    }

    /** A second evaluation of the same suite takes every baseline from the cache and reports the same numbers. */
    @Test
    void aSecondRunReusesTheCachedBaselines() throws Exception {
        Path cache = dir.resolve("cache");
        Path first = dir.resolve("first");
        assertEquals(0, run("evaluate", "--suite", "paper", "--quick", "--seeds", "2", "--data", data.toString(),
                "--cache", cache.toString(), "--out", first.toString()), err.toString());
        JsonNode suite = new ObjectMapper().readTree(first.resolve("suite.json").toFile());
        assertEquals(6, suite.get("cases").size(), "the six cases of docs/results");
        Map<Path, FileTime> written = modificationTimes(cache);
        assertEquals(6 * 5, written.size(), "one entry per case and baseline");
        Path second = dir.resolve("second");
        assertEquals(0, run("evaluate", "--suite", "paper", "--quick", "--seeds", "2", "--data", data.toString(),
                "--cache", cache.toString(), "--out", second.toString()), err.toString());
        assertEquals(written, modificationTimes(cache), "no baseline was run again");
        JsonNode again = new ObjectMapper().readTree(second.resolve("suite.json").toFile());
        assertEquals(suite.get("cases").toString(), again.get("cases").toString());
    }

    /** A diverged run's loss is written as null (JSON has no infinity). */
    private static double loss(JsonNode value) {
        return value.isNull() ? Double.POSITIVE_INFINITY : value.asDouble();
    }

    private static void assertFiniteOrNull(double expected, JsonNode actual) {
        if (Double.isFinite(expected)) {
            assertEquals(expected, actual.asDouble(), 1e-9 * expected);
        } else {
            assertTrue(actual.isNull(), "a non-finite value is written as null: " + actual);
        }
    }

    private static Map<Path, FileTime> modificationTimes(Path directory) throws Exception {
        Map<Path, FileTime> times = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                times.put(file, Files.getLastModifiedTime(file));
            }
        }
        return times;
    }
}
