package org.l2l4j.problem;

import java.util.Map;

/**
 * One minibatch: named float arrays, flat and row-major (with the shapes of {@link SameDiffLoss#batchShapes()}
 * when the problem has a SameDiff loss).
 */
public record Batch(Map<String, float[]> arrays) {

    public float[] get(String name) {
        float[] array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("batch has no array '" + name + "', only " + arrays.keySet());
        }
        return array;
    }
}
