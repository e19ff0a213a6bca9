using System.Globalization;
using System.Text.RegularExpressions;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

/// <summary>
/// Reads a question's text with the spec's templates and works out, from the scene alone, whether the question
/// is allowed and what its answer is: the test's own reading of docs/shapes-task.md §5.
/// </summary>
internal static partial class QuestionOracle
{
    /// <summary>The type, whether the spec allows the question, and the answer (null when not allowed).</summary>
    public static (QuestionType Type, bool Allowed, string? Answer) Judge(Scene scene, string text)
    {
        if (ColorQuestion().Match(text) is { Success: true } color)
        {
            var second = Second(color);
            var shape = SceneOracle.Shapes[color.Groups["shape"].Value];
            var matches = SceneOracle.VisibleAt(scene, second).Where(o => o.Shape == shape).ToList();
            return (QuestionType.Color, matches.Count == 1, matches.Count == 1 ? SceneOracle.Word(SceneOracle.Colors, matches[0].Color) : null);
        }

        if (ShapeQuestion().Match(text) is { Success: true } shapeAt)
        {
            var second = Second(shapeAt);
            var cell = SceneOracle.Positions[shapeAt.Groups["position"].Value];
            var there = SceneOracle.VisibleAt(scene, second).Where(o => SceneOracle.Cell(o, second) == cell).ToList();
            return (QuestionType.Shape, there.Count == 1, there.Count == 1 ? SceneOracle.Word(SceneOracle.Shapes, there[0].Shape) : null);
        }

        if (WhereQuestion().Match(text) is { Success: true } where)
        {
            var second = Second(where);
            var (colorName, shapeName) = (SceneOracle.Colors[where.Groups["color"].Value], SceneOracle.Shapes[where.Groups["shape"].Value]);
            var matches = SceneOracle.VisibleAt(scene, second).Where(o => o.Color == colorName && o.Shape == shapeName).ToList();
            return (QuestionType.Where, matches.Count == 1, matches.Count == 1 ? SceneOracle.Word(SceneOracle.Positions, SceneOracle.Cell(matches[0], second)) : null);
        }

        if (CountQuestion().Match(text) is { Success: true } count)
        {
            var second = Second(count);
            var allowed = second >= 0 && second < scene.DurationSeconds;
            return (QuestionType.Count, allowed, allowed ? SceneOracle.Counts[SceneOracle.VisibleAt(scene, second).Count] : null);
        }

        if (FirstAppearanceQuestion().Match(text) is { Success: true } first)
        {
            var (colorName, shapeName) = (SceneOracle.Colors[first.Groups["color"].Value], SceneOracle.Shapes[first.Groups["shape"].Value]);
            var matches = scene.Objects.Where(o => o.Color == colorName && o.Shape == shapeName).ToList();
            return (QuestionType.FirstAppearance, matches.Count == 1,
                matches.Count == 1 ? "second " + matches[0].AppearSecond.ToString(CultureInfo.InvariantCulture) : null);
        }

        throw new InvalidOperationException($"'{text}' follows none of the five templates.");
    }

    private static int Second(Match match) => int.Parse(match.Groups["t"].Value, CultureInfo.InvariantCulture);

    // Whole seconds without leading zeros: 0, or a digit 1-9 followed by digits.
    [GeneratedRegex("^what color is the (?<shape>circle|square|triangle) at second (?<t>0|[1-9][0-9]*)\\?$")]
    private static partial Regex ColorQuestion();

    [GeneratedRegex("^what shape is at the (?<position>top left|top|top right|left|center|right|bottom left|bottom|bottom right) at second (?<t>0|[1-9][0-9]*)\\?$")]
    private static partial Regex ShapeQuestion();

    [GeneratedRegex("^where is the (?<color>red|green|blue|yellow|white|magenta) (?<shape>circle|square|triangle) at second (?<t>0|[1-9][0-9]*)\\?$")]
    private static partial Regex WhereQuestion();

    [GeneratedRegex("^how many objects are there at second (?<t>0|[1-9][0-9]*)\\?$")]
    private static partial Regex CountQuestion();

    [GeneratedRegex("^when does the (?<color>red|green|blue|yellow|white|magenta) (?<shape>circle|square|triangle) first appear\\?$")]
    private static partial Regex FirstAppearanceQuestion();
}
