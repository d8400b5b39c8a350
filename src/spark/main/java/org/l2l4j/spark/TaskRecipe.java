package org.l2l4j.spark;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.data.MnistSplit;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.Task;
import org.l2l4j.problem.Tasks;

import java.nio.file.Path;

/**
 * A built-in task ({@code --task NAME}) on the training split, as meta-training builds it. Each executor reads the
 * data itself from {@code dataDirectory} (a path every worker sees) or, when null, from the worker's standard MNIST
 * location, as {@link MnistMlpRecipe} does.
 */
public record TaskRecipe(String taskName, String dataDirectory) implements ProblemRecipe {

    public TaskRecipe(Task task, Path dataDirectoryOrNull) {
        this(task.name(), dataDirectoryOrNull == null ? null : dataDirectoryOrNull.toAbsolutePath().toString());
    }

    @Override
    public Problem create() {
        Task task = Tasks.named(taskName);
        MnistSplit train = task.needsImages()
                ? MnistDataset.resolve(dataDirectory == null ? null : Path.of(dataDirectory)).load(true) : null;
        return task.problem(train, train);
    }
}
