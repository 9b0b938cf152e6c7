package dev.netifkit.netback;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McastFilterTest {

    @Test
    void bk10_addUntilFullDeleteOneMatchDeleteAbsentIsFine() {
        McastFilter f = new McastFilter(64);
        for (int i = 0; i < 64; i++) {
            assertTrue(f.add(0x01005e000000L + i));
        }
        assertFalse(f.add(0x01005e0000ffL), "the 65th address is refused (ERROR response)");
        f.remove(0x01005e000000L);
        assertEquals(63, f.size());
        f.remove(0x01005e0000feL); // absent: nothing happens
        assertEquals(63, f.size());
        assertTrue(f.add(0x01005e0000ffL));
        assertTrue(f.contains(0x01005e0000ffL));
        assertFalse(f.contains(0x01005e000000L));
    }

    @Test
    void bk10_duplicatesAreEntriesOfTheirOwn() {
        McastFilter f = new McastFilter(4);
        f.add(1);
        f.add(1);
        f.remove(1);
        assertTrue(f.contains(1), "one delete removes one entry");
        f.remove(1);
        assertFalse(f.contains(1));
    }
}
