package org.l2l4j.eval;

import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.Task;

/**
 * One case of a suite: an optimizee, a number of steps and how baselines are tuned on it.
 *
 * @param protocol how the case uses the data (see {@link Protocol})
 * @param costly   whether the case is too expensive for {@code --quick}
 */
public record SuiteCase(String name, String description, int steps, LearningRateSearch search, Protocol protocol,
                        boolean costly, Task task, MnistMlp paperMlp) {

    /** Where a case's minibatches come from, where it is judged, and where its baselines are tuned. */
    public enum Protocol {
        /** The paper cases of docs/results: an MLP trained and judged on the test split, tuned on other seeds. */
        PAPER("minibatches from the test split and loss on the whole test split (the protocol of docs/results);"
                + " baselines tuned on 3 seeds of their own"),
        /** Held-out cases: trained on the training split, judged on the test split. */
        HELD_OUT("minibatches from the training split, loss and accuracy on the held-out test split; baselines tuned"
                + " on 3 seeds of their own, by their loss on 10,000 training examples that minibatches never use");

        private final String meaning;

        Protocol(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    static SuiteCase paper(String name, String description, int steps, MnistMlp mlp) {
        return new SuiteCase(name, description, steps, LearningRateSearch.FULL, Protocol.PAPER, false, null, mlp);
    }

    static SuiteCase heldOut(String name, String description, int steps, LearningRateSearch search, boolean costly, Task task) {
        return new SuiteCase(name, description, steps, search, Protocol.HELD_OUT, costly, task, null);
    }

    /** The same case with fewer steps and the coarse search, for {@code --quick}. */
    SuiteCase quick(int maxSteps) {
        return new SuiteCase(name, description, Math.min(steps, maxSteps), LearningRateSearch.COARSE, protocol, costly,
                task, paperMlp);
    }

    /** The optimizee whose runs are reported. */
    public Problem reporting(SuiteData data) {
        return protocol == Protocol.PAPER ? new MlpProblem(paperMlp, data.test(), 128) : task.problem(data.train(), data.test());
    }

    /** The optimizee baselines are tuned on: the paper's own, or the training split judged on its tuning part. */
    Problem tuning(SuiteData data) {
        return protocol == Protocol.PAPER ? reporting(data) : task.problem(data.train(), data.tuning());
    }

    /** Everything about the case that determines a baseline's runs, for the cache key. */
    String definition() {
        return name + "; " + protocol + "; " + steps + " steps; search " + search + "; "
                + (protocol == Protocol.PAPER ? "MNIST MLP " + paperMlp.describe() + ", batch 128" : task.definition());
    }
}
