package org.l2l4j.problem;

import org.l2l4j.data.MnistSplit;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * The MNIST optimizee of the paper: an MLP ({@link MnistMlp}) with softmax cross-entropy, trained on random
 * minibatches of one split of the data. θ holds each layer's weights [in, out] (row-major) then its biases.
 */
public final class MlpProblem implements Problem, SameDiffLoss {

    /** The paper's minibatch size for MNIST (docs/method.md §2.2). */
    public static final int PAPER_BATCH_SIZE = 128;

    private final MnistMlp architecture;
    private final MnistSplit data;
    private final int batchSize;
    private final int[] sizes;

    public MlpProblem(MnistMlp architecture, MnistSplit data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (architecture.parameterCount() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the MLP " + architecture.describe() + " has "
                    + architecture.parameterCount() + " parameters, more than one Java array can hold ("
                    + (Integer.MAX_VALUE - 8) + "); use smaller hidden layers");
        }
        this.architecture = architecture;
        this.data = data;
        this.batchSize = batchSize;
        sizes = new int[architecture.hiddenSizes().size() + 2];
        sizes[0] = MnistMlp.INPUTS;
        for (int l = 0; l < architecture.hiddenSizes().size(); l++) {
            sizes[l + 1] = architecture.hiddenSizes().get(l);
        }
        sizes[sizes.length - 1] = MnistMlp.CLASSES;
    }

    int layers() {
        return sizes.length - 1;
    }

    int in(int layer) {
        return sizes[layer];
    }

    int out(int layer) {
        return sizes[layer + 1];
    }

    int weightOffset(int layer) {
        int offset = 0;
        for (int l = 0; l < layer; l++) {
            offset += (sizes[l] + 1) * sizes[l + 1];
        }
        return offset;
    }

    int biasOffset(int layer) {
        return weightOffset(layer) + sizes[layer] * sizes[layer + 1];
    }

    @Override
    public String describe() {
        return "MNIST MLP " + architecture.describe() + ", batch " + batchSize;
    }

    @Override
    public int parameterCount() {
        return weightOffset(layers());
    }

    /** Weights and biases ~ N(0, 0.01²), as the reference code initialises them. */
    @Override
    public float[] initialParameters(long seed) {
        return ReferenceInit.parameters(parameterCount(), seed);
    }

    /** Minibatches of examples drawn uniformly at random, independently for every batch. */
    @Override
    public BatchSource batches(long seed) {
        SplittableRandom random = new SplittableRandom(~seed);
        float[][] images = data.images();
        int[] labels = data.labels();
        float[] x = new float[batchSize * MnistMlp.INPUTS];
        float[] y = new float[batchSize * MnistMlp.CLASSES];
        Batch batch = new Batch(Map.of("x", x, "labels", y));
        return () -> {
            java.util.Arrays.fill(y, 0f);
            for (int b = 0; b < batchSize; b++) {
                int example = random.nextInt(data.size());
                System.arraycopy(images[example], 0, x, b * MnistMlp.INPUTS, MnistMlp.INPUTS);
                y[b * MnistMlp.CLASSES + labels[example]] = 1f;
            }
            return batch;
        };
    }

    @Override
    public Map<String, long[]> batchShapes() {
        return Map.of("x", new long[]{batchSize, MnistMlp.INPUTS}, "labels", new long[]{batchSize, MnistMlp.CLASSES});
    }

    @Override
    public SDVariable loss(SameDiff sd, SDVariable theta, Map<String, SDVariable> batch) {
        SDVariable a = batch.get("x");
        for (int l = 0; l < layers(); l++) {
            SDVariable w = theta.get(SDIndex.interval(weightOffset(l), biasOffset(l))).reshape(in(l), out(l));
            SDVariable b = theta.get(SDIndex.interval(biasOffset(l), biasOffset(l) + out(l))).reshape(1, out(l));
            SDVariable z = a.mmul(w).add(b);
            a = l == layers() - 1 ? z : architecture.activation().apply(sd, z);
        }
        SDVariable logProbabilities = sd.nn.logSoftmax(a);
        return batch.get("labels").mul(logProbabilities).sum(1).mean(0).neg();
    }

    /** Cross-entropy and accuracy on every example of the split, in chunks of the batch size. */
    @Override
    public FinalMetrics finalMetrics(float[] theta, long seed) {
        MlpLossEvaluator evaluator = new MlpLossEvaluator(this, batchSize);
        float[] x = new float[batchSize * MnistMlp.INPUTS];
        float[] y = new float[batchSize * MnistMlp.CLASSES];
        Batch batch = new Batch(Map.of("x", x, "labels", y));
        double lossSum = 0;
        int correct = 0;
        int examples = data.size();
        for (int start = 0; start < examples; start += batchSize) {
            int count = Math.min(batchSize, examples - start);
            java.util.Arrays.fill(y, 0f);
            for (int b = 0; b < count; b++) {
                System.arraycopy(data.images()[start + b], 0, x, b * MnistMlp.INPUTS, MnistMlp.INPUTS);
                y[b * MnistMlp.CLASSES + data.labels()[start + b]] = 1f;
            }
            MlpLossEvaluator.Scores scores = evaluator.scores(theta, batch, count);
            lossSum += scores.lossSum();
            correct += scores.correct();
        }
        return new FinalMetrics(lossSum / examples, (double) correct / examples);
    }

    @Override
    public LossEvaluator evaluator() {
        return new MlpLossEvaluator(this, batchSize);
    }

    MlpActivation activation() {
        return architecture.activation();
    }
}
