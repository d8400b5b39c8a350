package org.l2l4j.memory;

import java.util.Locale;

/** Byte counts as people read them: 1.5 GB, 25.4 TB (powers of 1000, as disk and memory sizes are quoted). */
public final class ByteSize {

    private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};

    private ByteSize() {
    }

    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 9 EB";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
