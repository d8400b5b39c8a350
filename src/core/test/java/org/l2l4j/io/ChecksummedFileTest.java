package org.l2l4j.io;

import org.junit.jupiter.api.Test;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksummedFileTest {

    private static final ChecksummedFile FORMAT = new ChecksummedFile("TESTFILE");

    @Test
    void encodesMagicVersionBodyAndTheCrcOfAllBeforeIt() {
        byte[] file = FORMAT.encode(7, out -> {
            out.writeShort(0x0102);
            out.writeFloat(1.5f);
        });
        ByteBuffer expected = ByteBuffer.allocate(8 + 4 + 2 + 4 + 8);
        expected.put("TESTFILE".getBytes(StandardCharsets.US_ASCII)).putInt(7).putShort((short) 0x0102).putFloat(1.5f);
        CRC32 crc = new CRC32();
        crc.update(expected.array(), 0, expected.position());
        expected.putLong(crc.getValue());
        assertArrayEquals(expected.array(), file);

        ChecksummedFile.Frame frame = FORMAT.open(file);
        assertTrue(frame.hasMagic() && frame.isComplete() && frame.checksumMatches());
        assertEquals(7, frame.version());
        ByteBuffer body = frame.body();
        assertEquals(6, body.remaining());
        assertEquals(0x0102, body.getShort());
        assertEquals(1.5f, body.getFloat());
        assertThrows(BufferUnderflowException.class, body::get, "the body ends before the checksum");
    }

    @Test
    void framesTellForeignShortAndDamagedFilesApart() {
        byte[] file = FORMAT.encode(1, out -> out.writeInt(42));
        assertFalse(new ChecksummedFile("OTHERFIL").open(file).hasMagic());

        byte[] flipped = file.clone();
        flipped[13] ^= 4;
        assertFalse(FORMAT.open(flipped).checksumMatches());

        ChecksummedFile.Frame headerOnly = FORMAT.open(Arrays.copyOf(file, 14));
        assertTrue(headerOnly.hasMagic());
        assertEquals(1, headerOnly.version());
        assertFalse(headerOnly.isComplete());
        assertThrows(BufferUnderflowException.class, headerOnly::body);
        assertThrows(BufferUnderflowException.class, () -> FORMAT.open(Arrays.copyOf(file, 10)).version());
        assertFalse(FORMAT.open(new byte[3]).checksumMatches());
    }

    @Test
    void aMagicIsEightPrintableAsciiCharacters() {
        assertThrows(IllegalArgumentException.class, () -> new ChecksummedFile("SHORT"));
        assertThrows(IllegalArgumentException.class, () -> new ChecksummedFile("ÜBERFILE"));
    }
}
