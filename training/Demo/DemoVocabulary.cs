using SparseVila.Engine.Sparse;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Demo;

/// <summary>The words the tokenizer makes single tokens: every word of the task's questions, answers, chat template and system prompt.</summary>
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
            string.Join(' ', ShapesVocabulary.CountWords));
        return text.Split([' ', '.', '?', ','], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
    }
}
