using SparseVila.Engine.Sparse;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Demo;

/// <summary>
/// The words the tokenizer makes single tokens: every word of the task's questions, answers, chat template and system
/// prompt, and every whole second of the longest video (0 to 64), so that "12" in a question ("at second 12?"), in an
/// answer ("second 12") and in a frame's timestamp marker ("12s:") is the same one token.
/// </summary>
public static class DemoVocabulary
{
    public static IReadOnlyList<string> Words { get; } = Build();

    private static List<string> Build()
    {
        var text = string.Join(' ',
            "what color is the at second shape where how many objects are there when does first appear",
            "system user assistant",
            new VisualContextOptions().SystemPrompt,
            string.Join(' ', ShapesVocabulary.ShapeWords),
            string.Join(' ', ShapesVocabulary.ColorWords),
            string.Join(' ', ShapesVocabulary.PositionWords),
            string.Join(' ', ShapesVocabulary.CountWords),
            string.Join(' ', Enumerable.Range(0, ShapesTaskLimits.MaxDurationSeconds + 1)));
        return text.Split([' ', '.', '?', ','], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
    }
}
