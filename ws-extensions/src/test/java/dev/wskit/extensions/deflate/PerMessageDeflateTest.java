package dev.wskit.extensions.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.handshake.ExtensionOffer;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.spi.ExtensionNegotiator.Agreement;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PerMessageDeflateTest {
    private static final String DECLINED = "declined";
    private static final String PMD = "permessage-deflate";

    @ParameterizedTest(name = "{0} offers [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
        defaults  | permessage-deflate                                          | permessage-deflate
        defaults  | permessage-deflate; client_max_window_bits                  | permessage-deflate
        defaults  | permessage-deflate; client_max_window_bits=10               | permessage-deflate; client_max_window_bits=10
        defaults  | permessage-deflate; client_max_window_bits="9"              | permessage-deflate; client_max_window_bits=9
        defaults  | permessage-deflate; server_max_window_bits=10               | permessage-deflate; server_max_window_bits=10
        defaults  | permessage-deflate; server_max_window_bits=8; client_max_window_bits=8 | permessage-deflate; server_max_window_bits=8; client_max_window_bits=8
        defaults  | permessage-deflate; server_no_context_takeover              | permessage-deflate; server_no_context_takeover
        defaults  | permessage-deflate; client_no_context_takeover              | permessage-deflate; client_no_context_takeover
        defaults  | permessage-deflate; Server_No_Context_Takeover              | permessage-deflate; server_no_context_takeover
        defaults  | permessage-deflate; client_max_window_bits=12; server_max_window_bits=9; client_no_context_takeover; server_no_context_takeover | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=12
        defaults  | permessage-deflate; x-unknown                               | declined
        defaults  | permessage-deflate; server_max_window_bits                  | declined
        defaults  | permessage-deflate; server_max_window_bits=7                | declined
        defaults  | permessage-deflate; server_max_window_bits=16               | declined
        defaults  | permessage-deflate; server_max_window_bits=09               | declined
        defaults  | permessage-deflate; client_max_window_bits=16               | declined
        defaults  | permessage-deflate; client_max_window_bits=ten              | declined
        defaults  | permessage-deflate; server_no_context_takeover=1            | declined
        defaults  | permessage-deflate; client_no_context_takeover; client_no_context_takeover | declined
        defaults  | permessage-deflate; client_max_window_bits; client_max_window_bits=10      | declined
        defaults  | permessage-deflate; x-foo, permessage-deflate; client_max_window_bits      | permessage-deflate
        defaults  | permessage-deflate; server_max_window_bits=10, permessage-deflate          | permessage-deflate; server_max_window_bits=10
        lowMemory | permessage-deflate                                          | permessage-deflate; server_no_context_takeover; client_no_context_takeover
        lowMemory | permessage-deflate; server_no_context_takeover              | permessage-deflate; server_no_context_takeover; client_no_context_takeover
        windows   | permessage-deflate                                          | permessage-deflate; server_max_window_bits=10
        windows   | permessage-deflate; client_max_window_bits                  | permessage-deflate; server_max_window_bits=10; client_max_window_bits=11
        windows   | permessage-deflate; server_max_window_bits=12; client_max_window_bits=9 | permessage-deflate; server_max_window_bits=10; client_max_window_bits=9
        windows   | permessage-deflate; server_max_window_bits=8                | permessage-deflate; server_max_window_bits=8
        """)
    void serverAnswersTheFirstValidOffer(String config, String offers, String expected) {
        try (PerMessageDeflate server = new PerMessageDeflate(config(config))) {
            Optional<Agreement> agreement = server.accept(ExtensionOffer.parse(offers));
            if (expected.equals(DECLINED)) {
                assertFalse(agreement.isPresent(), () -> "accepted " + agreement.get().response());
                return;
            }
            assertEquals(expected, agreement.orElseThrow().response().format());
            try (DeflateExtension extension = (DeflateExtension) agreement.get().extension()) {
                assertEquals(DeflateParameters.parse(ExtensionOffer.parse(expected).get(0)), extension.parameters());
                assertEquals(Role.SERVER, extension.role());
            }
        }
    }

    @ParameterizedTest(name = "{0} offers [{1}], server answers [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
        defaults  | permessage-deflate; client_max_window_bits | permessage-deflate                                   | permessage-deflate
        defaults  | permessage-deflate; client_max_window_bits | permessage-deflate; client_max_window_bits=8         | permessage-deflate; client_max_window_bits=8
        defaults  | permessage-deflate; client_max_window_bits | permessage-deflate; server_max_window_bits=10        | permessage-deflate; server_max_window_bits=10
        defaults  | permessage-deflate; client_max_window_bits | permessage-deflate; server_no_context_takeover; client_no_context_takeover | permessage-deflate; server_no_context_takeover; client_no_context_takeover
        defaults  | permessage-deflate; client_max_window_bits | permessage-deflate; client_max_window_bits           | fails
        defaults  | permessage-deflate; client_max_window_bits | permessage-deflate; client_max_window_bits=16        | fails
        defaults  | permessage-deflate; client_max_window_bits | permessage-deflate; server_max_window_bits=7         | fails
        defaults  | permessage-deflate; client_max_window_bits | permessage-deflate; x-foo                            | fails
        defaults  | permessage-deflate; client_max_window_bits | permessage-deflate; client_no_context_takeover; client_no_context_takeover | fails
        plain     | permessage-deflate                         | permessage-deflate; client_max_window_bits=10        | fails
        plain     | permessage-deflate                         | permessage-deflate; client_no_context_takeover       | permessage-deflate; client_no_context_takeover
        strict    | permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12 | permessage-deflate; server_no_context_takeover; server_max_window_bits=10 | permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12
        strict    | permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12 | permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_max_window_bits=8 | permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_max_window_bits=8
        strict    | permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12 | permessage-deflate; server_max_window_bits=10        | fails
        strict    | permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12 | permessage-deflate; server_no_context_takeover       | fails
        strict    | permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12 | permessage-deflate; server_no_context_takeover; server_max_window_bits=11 | fails
        strict    | permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12 | permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_max_window_bits=13 | permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_max_window_bits=12
        two       | permessage-deflate; server_no_context_takeover; server_max_window_bits=10, permessage-deflate | permessage-deflate | permessage-deflate
        two       | permessage-deflate; server_no_context_takeover; server_max_window_bits=10, permessage-deflate | permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=10
        """)
    void clientChecksTheAnswerAgainstItsOffers(String config, String offers, String response, String expected)
        throws HandshakeException {
        try (PerMessageDeflate client = new PerMessageDeflate(config(config))) {
            assertEquals(offers, ExtensionOffer.format(client.offers()));
            ExtensionOffer answer = ExtensionOffer.parse(response).get(0);
            if (expected.equals("fails")) {
                HandshakeException e = assertThrows(HandshakeException.class, () -> client.accepted(answer));
                assertEquals(101, e.status());
                return;
            }
            try (DeflateExtension extension = client.accepted(answer)) {
                assertEquals(DeflateParameters.parse(ExtensionOffer.parse(expected).get(0)), extension.parameters());
                assertEquals(Role.CLIENT, extension.role());
            }
        }
    }

    @Test
    void failureSaysWhatWasExpected() {
        try (PerMessageDeflate client = new PerMessageDeflate(config("plain"))) {
            HandshakeException e = assertThrows(HandshakeException.class,
                () -> client.accepted(ExtensionOffer.parse("permessage-deflate; client_max_window_bits=10").get(0)));
            assertEquals("Expected an answer to the offer permessage-deflate but was permessage-deflate; "
                + "client_max_window_bits=10: client_max_window_bits was not offered", e.getMessage());
        }
    }

    @Test
    void defaultClientOffersWhatABrowserOffers() {
        assertEquals("permessage-deflate; client_max_window_bits",
            ExtensionOffer.format(PerMessageDeflate.withDefaults().offers()));
        assertEquals(PMD, PerMessageDeflate.withDefaults().name());
    }

    @Test
    void clientAndServerAgreeAndTalk() throws HandshakeException {
        for (String config : List.of("defaults", "lowMemory", "windows", "strict", "two", "plain")) {
            try (PerMessageDeflate client = new PerMessageDeflate(config(config));
                 PerMessageDeflate server = new PerMessageDeflate(config(config))) {
                Agreement agreement = server.accept(client.offers()).orElseThrow();
                try (DeflateExtension clientSide = client.accepted(agreement.response());
                     DeflateExtension serverSide = (DeflateExtension) agreement.extension()) {
                    for (int i = 0; i < 3; i++) {
                        assertEquals("Hello, Hello, Hello", talk(clientSide, serverSide, "Hello, Hello, Hello"));
                        assertEquals("Bye, bye", talk(serverSide, clientSide, "Bye, bye"));
                    }
                }
            }
        }
    }

    @Test
    void closingTheNegotiatorEndsIdleStreamsAndLaterOnes() {
        PerMessageDeflate deflate = PerMessageDeflate.withDefaults();
        DeflateExtension first = deflate.extension(DeflateParameters.NONE, Role.SERVER);
        DeflateExtension second = deflate.extension(DeflateParameters.NONE, Role.SERVER);
        talk(first, second, "x".repeat(100));
        first.close();
        assertTrue(deflate.pools().deflaters().idle() > 0);
        deflate.close();
        assertEquals(0, deflate.pools().deflaters().idle());
        second.close();
        assertEquals(0, deflate.pools().inflaters().idle());
    }

    private static String talk(DeflateExtension from, DeflateExtension to, String text) {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(0b100, from.encoder().startMessage(Opcode.TEXT, message.length));
        byte[] compressed = MessageDeflaterTest.encode(from.encoder(), message);
        return new String(MessageInflaterTest.inflate(to.decoder(), compressed), StandardCharsets.UTF_8);
    }

    private static DeflateConfig config(String name) {
        DeflateConfig.Builder builder = DeflateConfig.builder().threshold(0);
        return switch (name) {
            case "defaults" -> builder.build();
            case "lowMemory" -> builder.ownContextTakeover(false).peerContextTakeover(false).build();
            case "windows" -> builder.ownMaxWindowBits(10).peerMaxWindowBits(11).build();
            case "plain" -> builder.clientOffers(List.of(DeflateParameters.NONE)).build();
            case "strict" -> builder.peerContextTakeover(false).peerMaxWindowBits(10).ownMaxWindowBits(12).build();
            case "two" -> builder.clientOffers(List.of(new DeflateParameters(true, false, 10, 0),
                DeflateParameters.NONE)).build();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
