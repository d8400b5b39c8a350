package org.l2l4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarOutputTest {

    @Test
    void aBarWritesPlainLinesWhenTheOutputIsNoTerminal() {
        String out = draw(false);
        assertFalse(out.contains("\r"), "no carriage returns in a log: " + out);
        String[] lines = out.strip().split("\n");
        assertTrue(lines[lines.length - 1].contains("3/3"), "the last line shows the bar complete: " + out);
    }

    /** The library sometimes hands the final line over twice as a bar closes (a race); a log gets it once. */
    @Test
    void aLineThatRepeatsTheOneBeforeIsWrittenOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var lines = new ProgressBarOutput.DistinctLines(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (String line : new String[]{"a 1/3", "a 3/3", "a 3/3", "a 2/3", "a 3/3"}) {
            lines.accept(line);
        }
        assertEquals(String.join(System.lineSeparator(), "a 1/3", "a 3/3", "a 2/3", "a 3/3") + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBarIsRedrawnInPlaceOnATerminal() {
        String out = draw(true);
        assertTrue(out.contains("\r"), "redrawn with carriage returns: " + out);
        assertTrue(out.contains("3/3"), out);
    }

    private static String draw(boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressBar bar = ProgressBarOutput.drawTo(new ProgressBarBuilder(), console, terminal).setTaskName("test")
                .setInitialMax(3).setStyle(ProgressBarStyle.ASCII).build()) {
            bar.stepBy(3);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
