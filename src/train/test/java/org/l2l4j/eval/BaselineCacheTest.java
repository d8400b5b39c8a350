package org.l2l4j.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineCacheTest {

    @TempDir
    Path dir;

    private static TunedBaseline entry() {
        double[][] losses = {{2.3, 1.1, Double.POSITIVE_INFINITY}, {2.2, Math.nextUp(1.0), 1e-300}};
        return new TunedBaseline(Baseline.NADAM, 0.003,
                new RaceResult("nadam", 0.003, losses, new double[]{0.5, Double.POSITIVE_INFINITY}, new double[]{0.9, Double.NaN}));
    }

    @Test
    void anEntryComesBackBitForBit() {
        BaselineCache cache = new BaselineCache(dir.resolve("cache"));
        cache.put("case a\nseeds 1..2", entry());
        TunedBaseline back = new BaselineCache(dir.resolve("cache")).get("case a\nseeds 1..2").orElseThrow();
        assertEquals(Baseline.NADAM, back.baseline());
        assertEquals(0.003, back.learningRate());
        assertEquals("nadam", back.result().optimizer());
        assertEquals(0.003, back.result().learningRate());
        for (int s = 0; s < 2; s++) {
            assertArrayEquals(entry().result().lossPerSeedAndStep()[s], back.result().lossPerSeedAndStep()[s]);
        }
        assertArrayEquals(entry().result().finalLoss(), back.result().finalLoss());
        assertArrayEquals(entry().result().finalAccuracy(), back.result().finalAccuracy());
    }

    @Test
    void anotherKeyATruncatedFileOrAForeignFileIsAMiss() throws Exception {
        BaselineCache cache = new BaselineCache(dir);
        cache.put("key one", entry());
        assertTrue(cache.get("key two").isEmpty());
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(f -> f.toString().endsWith(".baseline")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertTrue(cache.get("key one").isEmpty(), "truncated");
        Files.writeString(file, "something else entirely");
        assertTrue(cache.get("key one").isEmpty(), "foreign");
        cache.put("key one", entry());
        assertTrue(cache.get("key one").isPresent(), "rewritten");
    }
}
