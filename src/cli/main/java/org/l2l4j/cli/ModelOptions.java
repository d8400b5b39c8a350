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
                    + " configuration (InputType.convolutionalFlat(28, 28, 1) gets images). meta-train takes it"
                    + " repeatedly for a mixture.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--task", paramLabel = "NAME",
            description = "A built-in optimizee, instead of --problem (./l2l4j tasks lists them); meta-train takes it"
                    + " repeatedly for a mixture.")
    List<String> tasks = new ArrayList<>();

    boolean chosen() {
        return !models.isEmpty() || !tasks.isEmpty();
    }

    /** The optimizees with minibatches from the training split; meta-training never sees the test split. */
    List<Problem> trainingProblems(CommandLine commandLine, Path dataDir) {
        check(commandLine);
        if (!models.isEmpty()) {
            MnistDataset dataset = MnistDataset.resolve(dataDir);
            List<NetworkModel> networks = models.stream().map(file -> readModel(commandLine, dataset, file)).toList();
            MnistSplit train = dataset.load(true);
            return networks.stream().<Problem>map(network -> new NetworkProblem(network, train, train, BATCH,
                    MnistMlp.CLASSES)).toList();
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
        if (models.size() > 1) {
            throw new CommandLine.ParameterException(commandLine, "evaluate takes one --model, got " + models);
        }
        if (!models.isEmpty()) {
            MnistDataset dataset = MnistDataset.resolve(dataDir);
            NetworkModel network = readModel(commandLine, dataset, models.get(0));
            return new NetworkProblem(network, dataset.load(true), dataset.load(false), BATCH, MnistMlp.CLASSES);
        }
        Task task = tasks(commandLine).get(0);
        if (!needsData(List.of(task))) {
            return task.problem(null, null);
        }
        MnistDataset dataset = MnistDataset.resolve(dataDir);
        return task.problem(dataset.load(true), dataset.load(false));
    }

    /** The chosen optimizees' parameter counts, read from the files or the tasks without loading any data. */
    List<Long> parameterCounts(CommandLine commandLine) {
        check(commandLine);
        try {
            return models.isEmpty() ? tasks(commandLine).stream().map(task -> (long) task.parameterCount()).toList()
                    : models.stream().map(file -> (long) NetworkModel.read(file).parameterCount()).toList();
        } catch (InvalidModelException e) {
            throw new CommandLine.ParameterException(commandLine, "--model " + e.getMessage());
        }
    }

    /** The paper's optimizer settings: those of the quadratic for quadratics, of MNIST for networks. */
    OptimizerShape optimizerShape(CommandLine commandLine) {
        boolean quadratic = models.isEmpty() && tasks(commandLine).stream().allMatch(t -> !needsData(List.of(t)));
        return quadratic ? OptimizerShape.PAPER_QUADRATIC : OptimizerShape.PAPER_MNIST;
    }

    private void check(CommandLine commandLine) {
        if (!models.isEmpty() && !tasks.isEmpty()) {
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
    private static NetworkModel readModel(CommandLine commandLine, MnistDataset dataset, Path model) {
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
