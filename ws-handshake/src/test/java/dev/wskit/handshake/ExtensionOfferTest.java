package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.handshake.ExtensionOffer.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtensionOfferTest {
    private static final ExtensionOffer DEFLATE = ExtensionOffer.of("permessage-deflate");

    @Test
    void parsesSeveralExtensionsAndSeveralOffersOfOne() {
        List<ExtensionOffer> offers = ExtensionOffer.parse("permessage-deflate; client_max_window_bits; "
            + "server_max_window_bits=10, permessage-deflate, x-foo");

        assertEquals(List.of(
            ExtensionOffer.of("permessage-deflate", Parameter.of("client_max_window_bits"),
                Parameter.of("server_max_window_bits", "10")),
            DEFLATE,
            ExtensionOffer.of("x-foo")), offers);
    }

    @Test
    void unquotesQuotedValues() {
        assertEquals(List.of(ExtensionOffer.of("x", Parameter.of("a", "10"), Parameter.of("b", "tok"))),
            ExtensionOffer.parse("x; a=\"10\"; b=\"t\\ok\""));
    }

    @Test
    void acceptsWhitespaceAroundSeparatorsAndEmptyElements() {
        assertEquals(List.of(ExtensionOffer.of("x", Parameter.of("a", "1")), ExtensionOffer.of("y")),
            ExtensionOffer.parse(" , x ;a = 1 ,\t, y ,"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``            | at least one element at index 0 of ''",
        "` , `         | at least one element at index 3 of ' , '",
        "x;            | a parameter name at index 2 of 'x;'",
        "x; =1         | a parameter name at index 3 of 'x; =1'",
        "x; a=         | a parameter value at index 5 of 'x; a='",
        "x; a=\"1 2\"  | a token inside the quoted value of a at index 10 of 'x; a=\"1 2\"'",
        "x; a=\"\"     | a token inside the quoted value of a at index 7 of 'x; a=\"\"'",
        "x; a=\"1      | the closing '\"' of a quoted-string at index 7 of 'x; a=\"1'",
        "x y           | ',' or the end at index 2 of 'x y'",
        "x; a=1 2      | ',' or the end at index 7 of 'x; a=1 2'",
        "x,;           | an extension name at index 2 of 'x,;'",
        "caf\u00e9     | ',' or the end at index 3 of 'caf\u00e9'",
        "x; a=1=2      | ',' or the end at index 6 of 'x; a=1=2'"})
    void rejectsMalformedValuesSayingWhatWasExpectedWhere(String value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExtensionOffer.parse(value));

        assertEquals("Malformed Sec-WebSocket-Extensions: expected " + expected, e.getMessage());
    }

    @Test
    void formatsOffersAsTheHeaderWritesThem() {
        ExtensionOffer offer = ExtensionOffer.of("permessage-deflate", Parameter.of("client_max_window_bits"));

        assertEquals("permessage-deflate; client_max_window_bits, x-foo",
            ExtensionOffer.format(List.of(offer, ExtensionOffer.of("x-foo"))));
        assertEquals("x; a=1; b", ExtensionOffer.of("x", Parameter.of("a", "1"), Parameter.of("b")).format());
        assertThrows(IllegalArgumentException.class, () -> ExtensionOffer.format(List.of()));
    }

    @Test
    void findsTheFirstParameterOfANameIgnoringCase() {
        ExtensionOffer offer = ExtensionOffer.of("x", Parameter.of("a", "1"), Parameter.of("A", "2"));

        assertEquals(Optional.of(Parameter.of("a", "1")), offer.parameter("A"));
        assertEquals(Optional.empty(), offer.parameter("b"));
        assertEquals(Optional.of("1"), offer.parameters().get(0).optionalValue());
        assertEquals(Optional.empty(), Parameter.of("b").optionalValue());
    }

    @Test
    void refusesNamesAndValuesThatAreNotTokens() {
        assertThrows(IllegalArgumentException.class, () -> ExtensionOffer.of("a b"));
        assertThrows(IllegalArgumentException.class, () -> Parameter.of("a;"));
        assertThrows(IllegalArgumentException.class, () -> Parameter.of("a", "1 2"));
        assertThrows(IllegalArgumentException.class, () -> Parameter.of("a", ""));
    }

    @Test
    void roundTripsRandomOffers() {
        SplittableRandom random = new SplittableRandom(9_1);
        for (int i = 0; i < 5_000; i++) {
            List<ExtensionOffer> offers = new ArrayList<>();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                List<Parameter> parameters = new ArrayList<>();
                for (int p = random.nextInt(4); p > 0; p--) {
                    parameters.add(new Parameter(token(random), random.nextBoolean() ? token(random) : null));
                }
                offers.add(new ExtensionOffer(token(random), parameters));
            }

            assertEquals(offers, ExtensionOffer.parse(ExtensionOffer.format(offers)));
        }
    }

    private static String token(SplittableRandom random) {
        String tchars = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder token = new StringBuilder();
        for (int length = 1 + random.nextInt(12); length > 0; length--) {
            token.append(tchars.charAt(random.nextInt(tchars.length())));
        }
        return token.toString();
    }
}
