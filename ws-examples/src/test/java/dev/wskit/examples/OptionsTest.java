package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final Set<String> VALUED = Set.of("header", "wait");
    private static final Set<String> FLAGS = Set.of("no-check");
    private static final Map<Character, String> ALIASES = Map.of('H', "header", 'n', "no-check", 'w', "wait");

    private static Options parse(String... args) {
        return Options.parse(args, VALUED, FLAGS, ALIASES);
    }

    @Test
    void shortAliasesStandForTheirLongOptions() {
        Options options = parse("-H", "A: 1", "--header", "B: 2", "-n", "url", "--header=C: 3");
        assertEquals(List.of("A: 1", "B: 2", "C: 3"), options.all("header"));
        assertTrue(options.has("no-check"));
        assertEquals(List.of("url"), options.positional());
    }

    @Test
    void everythingAfterADoubleDashIsPositional() {
        assertEquals(List.of("-n", "--header"), parse("--", "-n", "--header").positional());
    }

    @Test
    void unknownShortOptionsAndMissingValuesAreUsageErrors() {
        assertEquals("Unknown option: -z", assertThrows(Options.UsageException.class, () -> parse("-z")).getMessage());
        assertEquals("Option -H needs a value",
            assertThrows(Options.UsageException.class, () -> parse("-H")).getMessage());
    }

    @Test
    void secondsMayHaveAFraction() {
        assertEquals(Duration.ofMillis(2500), parse("-w", "2.5").seconds("wait", Duration.ZERO));
        assertEquals(Duration.ofSeconds(7), parse().seconds("wait", Duration.ofSeconds(7)));
    }

    @Test
    void negativeOrNonNumericSecondsAreUsageErrors() {
        assertEquals("--wait is negative: -1",
            assertThrows(Options.UsageException.class, () -> parse("-w", "-1").seconds("wait", Duration.ZERO))
                .getMessage());
        assertEquals("--wait is not a number of seconds: soon",
            assertThrows(Options.UsageException.class, () -> parse("-w", "soon").seconds("wait", Duration.ZERO))
                .getMessage());
    }
}
