package org.l2l4j.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.problem.RandomImages;
import org.l2l4j.updater.LearnedUpdater;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A suite run on two threads gives the results of one thread, bit for bit, and tells its listener every run. */
class SuiteRunnerTest {

    private static final List<String> CASES = List.of("mlp-20-relu", "cnn-small");

    @TempDir
    Path dir;

    @Test
    void twoThreadsGiveTheResultsOfOne() {
        SuiteData data = SuiteData.of(RandomImages.split(300, 1), RandomImages.split(100, 2), 0);
        Counting oneCounted = new Counting();
        Counting twoCounted = new Counting();
        SuiteResult one = new SuiteRunner(data, new BaselineCache(dir.resolve("one")), oneCounted, 1)
                .run(Suites.GENERALIZATION, true, LearnedUpdater.pretrained(), 2, CASES);
        SuiteResult two = new SuiteRunner(data, new BaselineCache(dir.resolve("two")), twoCounted, 2)
                .run(Suites.GENERALIZATION, true, LearnedUpdater.pretrained(), 2, CASES);
        assertEquals(CASES.size(), two.cases().size());
        for (int c = 0; c < CASES.size(); c++) {
            CaseResult expected = one.cases().get(c);
            CaseResult actual = two.cases().get(c);
            assertSame(expected.learned(), actual.learned());
            assertEquals(expected.baselines().size(), actual.baselines().size());
            for (int b = 0; b < expected.baselines().size(); b++) {
                TunedBaseline e = expected.baselines().get(b);
                TunedBaseline a = actual.baselines().get(b);
                assertEquals(e.baseline(), a.baseline());
                assertEquals(e.learningRate(), a.learningRate(), e.baseline() + " on " + CASES.get(c));
                assertSame(e.result(), a.result());
            }
        }
        assertEquals(oneCounted.total, twoCounted.advanced, "every run reported once");
        assertEquals(oneCounted.advanced, twoCounted.advanced);
        assertEquals(CASES, twoCounted.finished);
    }

    @Test
    void refusesFewerThanOneThread() {
        SuiteData data = SuiteData.of(RandomImages.split(60, 1), RandomImages.split(20, 2), 0);
        assertThrows(IllegalArgumentException.class, () -> new SuiteRunner(data, new BaselineCache(dir), new Counting(), 0));
    }

    private static void assertSame(RaceResult expected, RaceResult actual) {
        assertEquals(expected.optimizer(), actual.optimizer());
        assertEquals(expected.learningRate(), actual.learningRate());
        assertEquals(expected.lossPerSeedAndStep().length, actual.lossPerSeedAndStep().length);
        for (int s = 0; s < expected.lossPerSeedAndStep().length; s++) {
            assertArrayEquals(expected.lossPerSeedAndStep()[s], actual.lossPerSeedAndStep()[s], 0.0, expected.optimizer());
        }
        assertArrayEquals(expected.finalLoss(), actual.finalLoss(), 0.0, expected.optimizer());
        assertArrayEquals(expected.finalAccuracy(), actual.finalAccuracy(), 0.0, expected.optimizer());
    }

    /** Not thread-safe on purpose: the runner must call it one call at a time. */
    private static final class Counting implements SuiteListener {
        int total;
        int advanced;
        final List<String> finished = new ArrayList<>();

        @Override
        public void started(int totalRuns) {
            total = totalRuns;
        }

        @Override
        public void advanced(int runs, String what) {
            int before = advanced;
            Thread.yield(); // widens the window in which unserialised calls would lose a count
            advanced = before + runs;
        }

        @Override
        public void caseFinished(CaseResult result) {
            finished.add(result.suiteCase().name());
        }
    }
}
