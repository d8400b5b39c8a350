package org.l2l4j.cli;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.data.MnistSplit;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.InvalidModelException;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.NetworkModel;
import org.l2l4j.problem.NetworkProblem;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.Task;
import org.l2l4j.problem.Tasks;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The optimizee as any DL4J network ({@code --model FILE}) or as built-in tasks ({@code --task NAME}). */
final class ModelOptions {

    private static final int BATCH = 128;

    @Option(names = "--model", paramLabel = "FILE",
            description = "A DL4J network as the optimizee, instead of --problem: the JSON of a MultiLayerConfiguration"
                    + " or ComputationGraphConfiguration, or a ModelSerializer zip (its configuration is used). It must"
                    + " classify the dataset's images with a softmax output; its input shape comes from the"
                    + " configuration (InputType.convolutionalFlat(28, 28, 1) gets images).")
    Path model;

    @Option(names = "--task", paramLabel = "NAME",
            description = "A built-in optimizee, instead of --problem (./l2l4j tasks lists them); meta-train takes it"
                    + " repeatedly for a mixture.")
    List<String> tasks = new ArrayList<>();

    boolean chosen() {
        return model != null || !tasks.isEmpty();
    }

    /** The optimizees with minibatches from the training split; meta-training never sees the test split. */
    List<Problem> trainingProblems(CommandLine commandLine, Path dataDir) {
        check(commandLine);
        if (model != null) {
            MnistDataset dataset = MnistDataset.resolve(dataDir);
            NetworkModel network = readModel(commandLine, dataset);
            MnistSplit train = dataset.load(true);
            return List.of(new NetworkProblem(network, train, train, BATCH, MnistMlp.CLASSES));
        }
        List<Task> chosen = tasks(commandLine);
        MnistSplit train = needsData(chosen) ? MnistDataset.resolve(dataDir).load(true) : null;
        return chosen.stream().map(task -> task.problem(train, train)).toList();
    }

    /** The optimizee trained on the training split and judged on the held-out test split. */
    Problem evaluationProblem(CommandLine commandLine, Path dataDir) {
        check(commandLine);
        if (tasks.size() > 1) {
            throw new CommandLine.ParameterException(commandLine, "evaluate takes one --task, got " + tasks);
        }
        if (model != null) {
            MnistDataset dataset = MnistDataset.resolve(dataDir);
            NetworkModel network = readModel(commandLine, dataset);
            return new NetworkProblem(network, dataset.load(true), dataset.load(false), BATCH, MnistMlp.CLASSES);
        }
        Task task = tasks(commandLine).get(0);
        if (!needsData(List.of(task))) {
            return task.problem(null, null);
        }
        MnistDataset dataset = MnistDataset.resolve(dataDir);
        return task.problem(dataset.load(true), dataset.load(false));
    }

    /** The paper's optimizer settings: those of the quadratic for quadratics, of MNIST for networks. */
    OptimizerShape optimizerShape(CommandLine commandLine) {
        boolean quadratic = model == null && tasks(commandLine).stream().allMatch(t -> !needsData(List.of(t)));
        return quadratic ? OptimizerShape.PAPER_QUADRATIC : OptimizerShape.PAPER_MNIST;
    }

    private void check(CommandLine commandLine) {
        if (model != null && !tasks.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, "choose the optimizee with --model or --task, not both");
        }
    }

    List<Task> tasks(CommandLine commandLine) {
        try {
            return tasks.stream().map(Tasks::named).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    private static boolean needsData(List<Task> tasks) {
        return tasks.stream().anyMatch(Task::needsImages);
    }

    /** The network file, refused with its name and the mismatch before the data is loaded. */
    private NetworkModel readModel(CommandLine commandLine, MnistDataset dataset) {
        try {
            NetworkModel network = NetworkModel.read(model);
            if (dataset.rows() != dataset.cols()) {
                throw new InvalidModelException("the dataset's images are " + dataset.rows() + "x" + dataset.cols()
                        + "; only square images are supported");
            }
            network.checkFits(dataset.rows(), MnistMlp.CLASSES);
            return network;
        } catch (InvalidModelException e) {
            throw new CommandLine.ParameterException(commandLine, "--model " + e.getMessage());
        }
    }
}
