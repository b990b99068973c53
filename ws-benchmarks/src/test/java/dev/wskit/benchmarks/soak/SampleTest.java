package dev.wskit.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SampleTest {

    @Test
    void serverAnswerRoundTrips() {
        Sample sample = new Sample(0, 1, 2, 3, 4, 5, 6, 0);
        assertEquals(new Sample(50_000, 1, 2, 3, 4, 5, 6, 812.5),
            Sample.parse("SAMPLE " + sample.fields(), 50_000, 812.5));
    }

    @Test
    void missingFieldIsNamed() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> Sample.parse("SAMPLE heap=1 rss=2 threads=4 fds=5 open=0", 1, 1));
        assertEquals(true, thrown.getMessage().contains("no nmt= field"), thrown.getMessage());
    }
}
