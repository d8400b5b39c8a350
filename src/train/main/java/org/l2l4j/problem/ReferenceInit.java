package org.l2l4j.problem;

import java.util.SplittableRandom;

/** The reference code's optimizee initialisation (docs/method.md §2): each parameter ~ N(0, 0.01²), seeded per run. */
final class ReferenceInit {

    private static final double STDDEV = 0.01;

    private ReferenceInit() {
    }

    static float[] parameters(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] theta = new float[count];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) (STDDEV * random.nextGaussian());
        }
        return theta;
    }
}
