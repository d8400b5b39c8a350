package org.l2l4j.eval;

import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.Tasks;
import org.l2l4j.problem.MlpActivation;

import java.util.List;
import java.util.Map;

/**
 * The named suites of {@code evaluate --suite}. {@code paper}: the six MNIST cases of docs/results, with their
 * protocol. {@code generalization} (cheapest first, so a long run reports the most cases early): held-out cases no shipped optimizer may be meta-trained on (the tasks of
 * role {@code HELD_OUT}, and the paper's MLP at ten times its training horizon).
 */
public final class Suites {

    public static final String PAPER = "paper";
    public static final String GENERALIZATION = "generalization";

    /** Steps of every case in {@code --quick}. */
    static final int QUICK_STEPS = 5;

    private static final Map<String, List<SuiteCase>> SUITES = Map.of(
            PAPER, List.of(
                    SuiteCase.paper("mnist-100-steps", "784-20-10 sigmoid (the training setting)", 100, MnistMlp.PAPER),
                    SuiteCase.paper("mnist-200-steps", "784-20-10 sigmoid", 200, MnistMlp.PAPER),
                    SuiteCase.paper("mnist-40-units", "784-40-10 sigmoid", 100, new MnistMlp(List.of(40), MlpActivation.SIGMOID)),
                    SuiteCase.paper("mnist-2-layers", "784-20-20-10 sigmoid", 100, new MnistMlp(List.of(20, 20), MlpActivation.SIGMOID)),
                    SuiteCase.paper("mnist-relu", "784-20-10 ReLU", 100, new MnistMlp(List.of(20), MlpActivation.RELU)),
                    SuiteCase.paper("mnist-40-units-relu", "784-40-10 ReLU", 100, new MnistMlp(List.of(40), MlpActivation.RELU))),
            GENERALIZATION, List.of(
                    heldOut("mlp-20-relu", 100, LearningRateSearch.FULL, false),
                    heldOut("mlp-100-relu", 100, LearningRateSearch.FULL, false),
                    heldOut("mlp-64x32-relu", 100, LearningRateSearch.FULL, false),
                    heldOut("mlp-40-elu", 100, LearningRateSearch.FULL, false),
                    heldOut("rnn-rows-simple", 100, LearningRateSearch.FULL, false),
                    heldOut("rnn-rows-lstm", 100, LearningRateSearch.FULL, false),
                    heldOut("cnn-small", 100, LearningRateSearch.COARSE, false),
                    SuiteCase.heldOut("mlp-20-sigmoid-1000-steps", "the paper's MLP at 1,000 steps, 10x its training horizon",
                            1000, LearningRateSearch.COARSE, false, Tasks.named("mlp-20-sigmoid")),
                    heldOut("lenet", 100, LearningRateSearch.COARSE, true)));

    private Suites() {
    }

    public static List<String> names() {
        return List.of(PAPER, GENERALIZATION);
    }

    /**
     * The suite's cases; {@code quick} keeps the cheap ones at {@value #QUICK_STEPS} steps with the coarse search
     * (the test suite's version: seconds, not minutes).
     */
    public static List<SuiteCase> cases(String suite, boolean quick) {
        List<SuiteCase> cases = SUITES.get(suite);
        if (cases == null) {
            throw new IllegalArgumentException("there is no suite '" + suite + "'; the suites are " + names());
        }
        return quick ? cases.stream().filter(c -> !c.costly()).map(c -> c.quick(QUICK_STEPS)).toList() : cases;
    }

    private static SuiteCase heldOut(String task, int steps, LearningRateSearch search, boolean costly) {
        var t = Tasks.named(task);
        return SuiteCase.heldOut(task, t.description(), steps, search, costly, t);
    }
}
