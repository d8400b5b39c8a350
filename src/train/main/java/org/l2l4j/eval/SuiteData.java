package org.l2l4j.eval;

import org.l2l4j.data.MnistSplit;

/**
 * The data a suite's cases draw on: MNIST's training split (minibatches of the held-out cases), its test split
 * (the paper cases' whole data, and where the held-out cases are judged), and the training examples set aside
 * to tune the held-out cases' baselines, which their minibatches never come from.
 */
public record SuiteData(MnistSplit train, MnistSplit test, MnistSplit tuning) {

    /** Examples at the end of the training split that tune the held-out cases' baselines. */
    public static final int TUNING_EXAMPLES = 10_000;

    /**
     * The suite's data from MNIST's two splits: the last {@value #TUNING_EXAMPLES} training examples (a sixth of a
     * smaller split) set aside for tuning; with {@code examples > 0} only the first {@code examples} of each part
     * (the reduced data of {@code --quick}).
     */
    public static SuiteData of(MnistSplit train, MnistSplit test, int examples) {
        int tuning = Math.min(TUNING_EXAMPLES, train.size() / 6);
        MnistSplit training = train.range(0, train.size() - tuning);
        MnistSplit tuningSplit = train.range(train.size() - tuning, tuning);
        if (examples <= 0) {
            return new SuiteData(training, test, tuningSplit);
        }
        return new SuiteData(training.range(0, Math.min(examples, training.size())),
                test.range(0, Math.min(examples, test.size())), tuningSplit.range(0, Math.min(examples, tuningSplit.size())));
    }

    String describe() {
        return "train " + train.size() + ", test " + test.size() + ", tuning " + tuning.size() + " examples";
    }
}
