package dev.wskit.recipes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the README's recipes true: each recipe in the README is a {@code java} block equal to its file's imports
 * and the code between the file's {@code recipe:begin} and {@code recipe:end} markers, so what users copy is what
 * {@link RecipesTest} compiles and runs.
 */
class ReadmeRecipesTest {
    private static final Path RECIPES = Path.of("src/test/java/dev/wskit/recipes");
    private static final Path README = Path.of("../README.md");

    @ParameterizedTest
    @ValueSource(strings = {"ClientHeadersRecipe", "TimeoutsRecipe", "AllInterfacesRecipe", "Rooms", "Sender",
        "RefuseUpgradeRecipe"})
    void readmeShowsTheRecipeAsItIsCompiled(String recipe) throws IOException {
        String snippet = snippetOf(Files.readAllLines(RECIPES.resolve(recipe + ".java"), StandardCharsets.UTF_8));
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertTrue(readme.contains("```java\n" + snippet + "```\n"),
            "README.md lacks the recipe " + recipe + " as compiled; it should read:\n```java\n" + snippet + "```");
    }

    /** The file's imports, a blank line, then the marked lines without their common indentation. */
    static String snippetOf(List<String> lines) {
        String imports = lines.stream().filter(line -> line.startsWith("import ") && !line.startsWith("import static"))
            .map(line -> line + "\n").collect(Collectors.joining());
        int begin = lines.indexOf(lines.stream().filter(line -> line.strip().equals("// recipe:begin")).findFirst()
            .orElseThrow());
        int end = lines.indexOf(lines.stream().filter(line -> line.strip().equals("// recipe:end")).findFirst()
            .orElseThrow());
        List<String> body = lines.subList(begin + 1, end);
        int indent = body.stream().filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        String code = body.stream().map(line -> line.isBlank() ? "" : line.substring(indent))
            .map(line -> line + "\n").collect(Collectors.joining());
        return imports + "\n" + code;
    }
}
