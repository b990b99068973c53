package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginPolicyTest {
    private static final HandshakeRequest WITHOUT_ORIGIN = request("h", null);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://h          | h          | true",
        "http://h:80       | h          | true",
        "http://h          | h:80       | true",
        "https://h         | h:443      | true",
        "https://h:8443    | h:8443     | true",
        "https://H.Example | h.example  | true",
        "http://[::1]:8080 | [::1]:8080 | true",
        "http://h          | h:8080     | false",
        "https://h:80      | h          | false",
        "http://evil       | h          | false",
        "http://h.evil     | h          | false",
        "null              | h          | false",
        "h                 | h          | false"})
    void sameOriginAllowsTheHostThatServedThePage(String origin, String host, boolean allowed) {
        assertEquals(allowed, OriginPolicy.sameOrigin().allows(request(host, origin)));
    }

    @Test
    void allowListComparesWithoutRegardToCase() {
        OriginPolicy policy = OriginPolicy.allowList(List.of("https://App.example", "http://localhost:3000"));

        assertTrue(policy.allows(request("h", "https://app.EXAMPLE")));
        assertTrue(policy.allows(request("h", "http://localhost:3000")));
        assertFalse(policy.allows(request("h", "http://localhost:3001")));
        assertFalse(OriginPolicy.allowList().allows(request("h", "https://app.example")));
    }

    @Test
    void predicateSeesTheOrigin() {
        OriginPolicy policy = OriginPolicy.matching(origin -> origin.endsWith(".example.com"));

        assertTrue(policy.allows(request("h", "https://a.example.com")));
        assertFalse(policy.allows(request("h", "https://example.com.evil")));
    }

    @Test
    void everyFactoryAllowsClientsThatSendNoOrigin() {
        assertTrue(OriginPolicy.allowAll().allows(WITHOUT_ORIGIN));
        assertTrue(OriginPolicy.sameOrigin().allows(WITHOUT_ORIGIN));
        assertTrue(OriginPolicy.allowList().allows(WITHOUT_ORIGIN));
        assertTrue(OriginPolicy.matching(origin -> false).allows(WITHOUT_ORIGIN));
    }

    @Test
    void allowAllAllowsAnyOrigin() {
        assertTrue(OriginPolicy.allowAll().allows(request("h", "http://evil")));
    }

    private static HandshakeRequest request(String host, String origin) {
        HttpHeaders.Builder headers = HttpHeaders.builder().add("Host", host);
        if (origin != null) {
            headers.add("Origin", origin);
        }
        return HandshakeRequest.get("/", headers.build());
    }
}
