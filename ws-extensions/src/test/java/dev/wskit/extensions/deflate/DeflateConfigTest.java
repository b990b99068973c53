package dev.wskit.extensions.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeflateConfigTest {
    @Test
    void defaultsAreThoseOfABrowserWithLevelSix() {
        DeflateConfig config = DeflateConfig.defaults();
        assertEquals(6, config.level());
        assertEquals(64, config.threshold());
        assertEquals(List.of(new DeflateParameters(false, false, 0, DeflateParameters.NO_VALUE)),
            config.effectiveClientOffers());
    }

    @Test
    void lowMemoryAsksForNoContextTakeoverEitherWay() {
        assertEquals(List.of(new DeflateParameters(true, true, 0, DeflateParameters.NO_VALUE)),
            DeflateConfig.lowMemory().effectiveClientOffers());
    }

    @Test
    void windowSettingsBecomeOfferedLimits() {
        DeflateConfig config = DeflateConfig.builder().ownMaxWindowBits(9).peerMaxWindowBits(12).build();
        assertEquals(List.of(new DeflateParameters(false, false, 12, 9)), config.effectiveClientOffers());
    }

    @Test
    void explicitOffersReplaceTheDerivedOne() {
        List<DeflateParameters> offers = List.of(new DeflateParameters(true, false, 10, 0), DeflateParameters.NONE);
        DeflateConfig config = DeflateConfig.builder().clientOffers(offers).build();
        assertEquals(offers, config.effectiveClientOffers());
        assertEquals(config, config.toBuilder().build());
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> DeflateConfig.builder().level(10).build());
        assertThrows(IllegalArgumentException.class, () -> DeflateConfig.builder().level(-1).build());
        assertThrows(IllegalArgumentException.class, () -> DeflateConfig.builder().threshold(-1).build());
        assertThrows(IllegalArgumentException.class, () -> DeflateConfig.builder().ownMaxWindowBits(7).build());
        assertThrows(IllegalArgumentException.class, () -> DeflateConfig.builder().peerMaxWindowBits(16).build());
        assertThrows(IllegalArgumentException.class, () -> DeflateConfig.builder().deflaterPoolSize(-1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DeflateConfig.builder().inflaterPoolSize(5000).build());
        assertEquals("inflaterPoolSize out of range 0-4096: 5000", e.getMessage());
    }
}
