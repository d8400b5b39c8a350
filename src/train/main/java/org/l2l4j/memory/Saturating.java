package org.l2l4j.memory;

/**
 * Byte counts that stop at {@link Long#MAX_VALUE} instead of wrapping: the settings of a run that cannot fit (a
 * network of billions of units, billions of steps) must give a huge estimate, never a small or negative one.
 */
public final class Saturating {

    private Saturating() {
    }

    public static long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    public static long multiply(long... factors) {
        long product = 1;
        for (long factor : factors) {
            if (factor < 0) {
                throw new IllegalArgumentException("a size cannot be negative, got " + factor);
            }
            if (factor != 0 && product > Long.MAX_VALUE / factor) {
                return Long.MAX_VALUE;
            }
            product *= factor;
        }
        return product;
    }
}
