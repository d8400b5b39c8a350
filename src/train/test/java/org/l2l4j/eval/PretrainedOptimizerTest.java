package org.l2l4j.eval;

import org.junit.jupiter.api.Test;
import org.l2l4j.data.MnistDataset;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.updater.LearnedUpdater;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper's shipped optimizer still beats Adam at its tuned learning rate on the paper's MNIST setting, so a change to
 * the kernel, the preprocessing or the data path cannot silently break it.
 */
class PretrainedOptimizerTest {

    private static final int SEEDS = 3;

    @Test
    void pretrainedBeatsTunedAdamOnTheTestSplit() {
        LearnedUpdater pretrained = LearnedUpdater.pretrained("paper-mnist");
        assertEquals(OptimizerShape.PAPER_MNIST, pretrained.optimizer().shape());
        MlpProblem problem = new MlpProblem(MnistMlp.PAPER, MnistDataset.standard().load(false), 128);
        List<RaceResult> results = new OptimizerComparison(problem, 100, new PrintStream(OutputStream.nullOutputStream()))
                .compare(pretrained, List.of(Baseline.ADAM), SEEDS);
        RaceResult learned = results.get(0);
        RaceResult adam = results.get(1);
        System.out.printf("pretrained: final test loss %.4f, accuracy %.4f; Adam (lr %s): %.4f, %.4f%n",
                learned.meanFinalLoss(), learned.meanFinalAccuracy(), adam.learningRate(), adam.meanFinalLoss(),
                adam.meanFinalAccuracy());
        assertTrue(learned.meanFinalLoss() < adam.meanFinalLoss(),
                "pretrained " + learned.meanFinalLoss() + " vs tuned Adam " + adam.meanFinalLoss());
    }
}
