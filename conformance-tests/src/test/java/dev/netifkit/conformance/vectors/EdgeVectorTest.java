package dev.netifkit.conformance.vectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cases of the published format with values the public file does not happen to use: ring sizes of 0 and above
 * 2^31 (the macros' results are still defined), ring byte sizes below the header. Expected values computed by hand
 * from ring.h's definitions.
 */
class EdgeVectorTest {

    private static VectorReport verify(String casesJson) throws Exception {
        String doc = "{\"format\":\"netif-abi-vectors/1\",\"cases\":[" + casesJson + "]}";
        return VectorVerifier.verify(new VectorFile("edge", VectorParser.parse(new ObjectMapper().readTree(doc))));
    }

    @Test
    void ringSizeZeroAndHugeSizesAreComputedLikeC() throws Exception {
        VectorReport r = verify(String.join(",",
                // free_requests: 0 - (5 - 3) = 4294967294
                "{\"kind\":\"ring_arith\",\"op\":\"free_requests\",\"size\":0,\"args\":{\"req_prod_pvt\":5,\"rsp_cons\":3},\"result\":4294967294}",
                // request_cons_overflow with size 2^31: (cons - rsp_prod_pvt) >= 2^31
                "{\"kind\":\"ring_arith\",\"op\":\"request_cons_overflow\",\"size\":2147483648,\"args\":{\"cons\":2147483648,\"rsp_prod_pvt\":0},\"result\":true}",
                // final check on a ring of 2^31 entries: predicates only, no page is built
                "{\"kind\":\"final_check\",\"side\":\"requests\",\"size\":2147483648,\"args\":{\"req_prod\":7,\"req_cons\":7,\"rsp_prod_pvt\":7,\"req_event\":1},\"work\":false,\"req_event_after\":8}",
                "{\"kind\":\"ring_size\",\"ring\":\"netif_tx\",\"bytes\":10,\"entries\":0}",
                "{\"kind\":\"ring_size\",\"ring\":\"xen_netif_ctrl\",\"bytes\":64,\"entries\":0}"));
        assertEquals(0, r.failed(), () -> r.failures().toString());
        assertEquals(5, r.passed());
    }
}
