package io.github.inqspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shard format: round trip, and every kind of damage refused with what and where. */
class ShardFormatTest {

    static final List<ShardFormat.Record> RECORDS = List.of(new ShardFormat.Record(3, new byte[] {1, 2, 3}),
            new ShardFormat.Record(0, new byte[0]), new ShardFormat.Record(9, "jpeg bytes".getBytes()));

    static ShardFormat.RandomReader reader(byte[] b) {
        return (pos, len) -> {
            if (pos < 0 || pos + len > b.length) {
                throw new java.io.EOFException("read past the end");
            }
            return Arrays.copyOfRange(b, (int) pos, (int) pos + len);
        };
    }

    static ShardFormat.Index index(byte[] b) throws Exception {
        return ShardFormat.readIndex(reader(b), b.length, "s.shard");
    }

    @Test
    void roundTrip() throws Exception {
        byte[] b = ShardFormat.write(RECORDS, "{\"k\":1}");
        ShardFormat.Index idx = index(b);
        assertEquals(3, idx.records());
        assertEquals("{\"k\":1}", idx.metaJson());
        for (int i = 0; i < 3; i++) {
            ShardFormat.Record r = ShardFormat.readRecord(reader(b), idx, i, "s.shard");
            assertEquals(RECORDS.get(i).label(), r.label());
            assertArrayEquals(RECORDS.get(i).jpeg(), r.jpeg());
        }
        assertEquals(0, index(ShardFormat.write(List.of(), "{}")).records());
    }

    @Test
    void truncationAnywhereIsRefused() {
        byte[] b = ShardFormat.write(RECORDS, "{}");
        for (int len = 0; len < b.length; len++) {
            byte[] cut = Arrays.copyOf(b, len);
            Exception e = assertThrows(Exception.class, () -> index(cut), "truncated to " + len);
            assertTrue(e.getMessage().contains("s.shard"), e.getMessage());
        }
    }

    @Test
    void everyFlippedByteIsCaught() throws Exception {
        byte[] b = ShardFormat.write(RECORDS, "{\"meta\":true}");
        for (int i = 0; i < b.length; i++) {
            byte[] bad = b.clone();
            bad[i] ^= 0x10;
            boolean caught;
            try {
                ShardFormat.Index idx = index(bad);
                for (int r = 0; r < idx.records(); r++) {
                    ShardFormat.Record rec = ShardFormat.readRecord(reader(bad), idx, r, "s.shard");
                    if (rec.label() != RECORDS.get(r).label()) {
                        throw new IllegalStateException("label changed silently at byte " + i);
                    }
                }
                caught = false;
            } catch (java.io.IOException expected) {
                caught = true;
            }
            assertTrue(caught, "flipping byte " + i + " went unnoticed");
        }
    }

    @Test
    void wrongMagicAndVersionAreNamed() {
        byte[] b = ShardFormat.write(RECORDS, "{}");
        byte[] magic = b.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(Exception.class, () -> index(magic)).getMessage().contains("not a shard"));
        byte[] version = b.clone();
        version[11] = 7;
        assertTrue(assertThrows(Exception.class, () -> index(version)).getMessage().contains("version 7"));
    }
}
