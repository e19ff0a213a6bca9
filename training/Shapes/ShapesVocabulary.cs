namespace SparseVila.Training.Shapes;

/// <summary>
/// The words of the task's questions and answers: lower case, no punctuation. Each list is indexed by the
/// enum's value, and every word is parsed back by the same list, so a spelling lives in exactly one place.
/// </summary>
public static class ShapesVocabulary
{
    /// <summary>Shape words, indexed by <see cref="ShapeKind"/>.</summary>
    public static IReadOnlyList<string> ShapeWords { get; } = ["circle", "square", "triangle"];

    /// <summary>Colour words, indexed by <see cref="ShapeColor"/>.</summary>
    public static IReadOnlyList<string> ColorWords { get; } = ["red", "green", "blue", "yellow", "white", "magenta"];

    /// <summary>Position words, indexed by <see cref="GridCell"/>.</summary>
    public static IReadOnlyList<string> PositionWords { get; } =
        ["top left", "top", "top right", "left", "center", "right", "bottom left", "bottom", "bottom right"];

    /// <summary>Count words, indexed by the count (0 to <see cref="ShapesTaskLimits.MaxVisibleObjects"/>).</summary>
    public static IReadOnlyList<string> CountWords { get; } = ["zero", "one", "two", "three"];

    /// <summary>"circle", "square" or "triangle".</summary>
    public static string Word(ShapeKind shape) => Lookup(ShapeWords, (int)shape, nameof(shape));

    /// <summary>"red", "green", "blue", "yellow", "white" or "magenta".</summary>
    public static string Word(ShapeColor color) => Lookup(ColorWords, (int)color, nameof(color));

    /// <summary>"top left" … "bottom right".</summary>
    public static string Word(GridCell cell) => Lookup(PositionWords, (int)cell, nameof(cell));

    /// <summary>"zero" to "three".</summary>
    public static string CountWord(int count) => Lookup(CountWords, count, nameof(count));

    /// <summary>The enum value whose word is <paramref name="word"/>; throws <see cref="FormatException"/> for any other text.</summary>
    public static TEnum Parse<TEnum>(string word)
        where TEnum : struct, Enum
    {
        var words = WordsOf<TEnum>();
        for (var i = 0; i < words.Count; i++)
        {
            if (string.Equals(words[i], word, StringComparison.Ordinal))
            {
                return (TEnum)Enum.ToObject(typeof(TEnum), i);
            }
        }

        throw new FormatException($"'{word}' is not a {typeof(TEnum).Name} word of the shapes task; expected one of: {string.Join(", ", words)}.");
    }

    /// <summary>
    /// Whether <paramref name="answer"/> is an answer a question of <paramref name="type"/> can have (a colour word for a
    /// colour question, "second 0" to "second 63" for a first appearance…), right or not.
    /// </summary>
    public static bool IsWellFormed(QuestionType type, string? answer) => answer is not null && type switch
    {
        QuestionType.Color => ColorWords.Contains(answer),
        QuestionType.Shape => ShapeWords.Contains(answer),
        QuestionType.Where => PositionWords.Contains(answer),
        QuestionType.Count => CountWords.Contains(answer),
        QuestionType.FirstAppearance => Enumerable.Range(0, ShapesTaskLimits.MaxDurationSeconds).Any(second => answer == QuestionTemplates.SecondAnswer(second)),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "is not a question type of the shapes task."),
    };

    /// <summary>The word list of <typeparamref name="TEnum"/>: one of the shape, colour or position lists.</summary>
    public static IReadOnlyList<string> WordsOf<TEnum>()
        where TEnum : struct, Enum =>
        typeof(TEnum) == typeof(ShapeKind) ? ShapeWords
        : typeof(TEnum) == typeof(ShapeColor) ? ColorWords
        : typeof(TEnum) == typeof(GridCell) ? PositionWords
        : throw new ArgumentException($"{typeof(TEnum).Name} has no words in the shapes task.", nameof(TEnum));

    private static string Lookup(IReadOnlyList<string> words, int index, string parameterName) =>
        index >= 0 && index < words.Count ? words[index] : throw new ArgumentOutOfRangeException(parameterName, index, "has no word in the shapes task.");
}
