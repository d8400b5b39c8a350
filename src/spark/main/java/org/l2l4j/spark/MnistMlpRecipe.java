package org.l2l4j.spark;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.MlpActivation;

import java.nio.file.Path;
import java.util.List;

/**
 * An MNIST MLP on the training split. Each executor reads the data itself from {@code dataDirectory}, a path
 * every worker must see (a shared filesystem or the same copy on each machine), or, when it is null, from the
 * worker's standard MNIST location ({@code ~/.l2l4j/data/mnist} or {@code L2L4J_DATA}), fetched there on first use.
 */
public record MnistMlpRecipe(List<Integer> hiddenSizes, MlpActivation activation, String dataDirectory, int batchSize)
        implements ProblemRecipe {

    public MnistMlpRecipe {
        hiddenSizes = List.copyOf(hiddenSizes);
    }

    public MnistMlpRecipe(MnistMlp mlp, Path dataDirectoryOrNull, int batchSize) {
        this(mlp.hiddenSizes(), mlp.activation(),
                dataDirectoryOrNull == null ? null : dataDirectoryOrNull.toAbsolutePath().toString(), batchSize);
    }

    @Override
    public Problem create() {
        MnistDataset data = MnistDataset.resolve(dataDirectory == null ? null : Path.of(dataDirectory));
        return new MlpProblem(new MnistMlp(hiddenSizes, activation), data.load(true), batchSize);
    }
}
