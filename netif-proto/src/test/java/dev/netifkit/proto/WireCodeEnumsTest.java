package dev.netifkit.proto;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireCodeEnumsTest {

    @Test
    void ctrl2_everyTypeRoundTripsAndUnknownCodesMapToUnknown() {
        for (CtrlType t : CtrlType.values()) {
            if (t != CtrlType.UNKNOWN) {
                assertEquals(t, CtrlType.fromCode(t.code()));
            }
        }
        assertEquals(CtrlType.UNKNOWN, CtrlType.fromCode(11));
        assertEquals(CtrlType.UNKNOWN, CtrlType.fromCode(-1));
        assertEquals(CtrlType.UNKNOWN, CtrlType.fromCode(0xFFFF));
        assertEquals("UNKNOWN(4294967295)", CtrlType.nameOf(-1));
        assertEquals(CtrlType.SET_HASH_KEY, CtrlType.parse("set_hash_key"));
    }

    @Test
    void tx7_extraTypesAndGsoTypes() {
        assertEquals(ExtraType.UNKNOWN, ExtraType.fromCode(5));
        assertEquals(ExtraType.NONE, ExtraType.fromCode(0));
        assertEquals(GsoType.TCPV6, GsoType.fromCode(2));
        assertEquals(GsoType.UNKNOWN, GsoType.fromCode(3));
    }

    @Test
    void parseNamesTheBadValueAndTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CtrlStatus.parse("OK"));
        assertTrue(e.getMessage().contains("'OK'") && e.getMessage().contains("SUCCESS"), e.getMessage());
    }

    @Test
    void xb1_xenbusStatesParseFromStoreText() {
        assertEquals(XenbusState.CONNECTED, XenbusState.parse("4"));
        assertEquals(XenbusState.UNKNOWN, XenbusState.parse("nine"));
        assertEquals(XenbusState.UNKNOWN, XenbusState.parse("9"));
        assertEquals(XenbusState.UNKNOWN, XenbusState.parse(null));
    }

    @Test
    void flagNamesRenderDefinedAndUndefinedBits() {
        assertEquals("csum_blank|more_data", TxFlags.names(TxFlags.CSUM_BLANK | TxFlags.MORE_DATA));
        assertEquals("extra_info|0x40", TxFlags.names(TxFlags.EXTRA_INFO | 0x40));
        assertEquals("-", RxFlags.names(0));
        assertEquals(RxFlags.GSO_PREFIX, RxFlags.bit("gso_prefix"));
        assertEquals(-1, RxFlags.bit("nope"));
    }

    @Test
    void macAddressesParseAndPrint() {
        MacAddress a = MacAddress.parse("01:00:5e:00:00:01");
        assertEquals(0x01005e000001L, a.bits());
        assertEquals("01:00:5e:00:00:01", a.toString());
        assertTrue(a.isMulticast());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("01:00:5e:00:00"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("01:00:5e:00:00:zz"));
    }

    @Test
    void hexDecodingNamesTheBadCharacter() {
        assertEquals("00ff10", Hex.encode(Hex.decode("00 FF 10")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hex.decode("0g"));
        assertTrue(e.getMessage().contains("'g'") && e.getMessage().contains("position 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("abc"));
    }
}
