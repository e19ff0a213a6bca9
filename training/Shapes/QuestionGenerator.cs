namespace SparseVila.Training.Shapes;

/// <summary>
/// Picks a conversation: <see cref="ConversationLength"/> different questions about one scene, spread over
/// different seconds, objects and question types. Each pick takes the first of these filters that leaves a
/// candidate: (1) a type not asked yet, about a second and an object not asked about yet; (2) a type not asked
/// yet, about a new second; (3) a type asked at most once, new second, new object; (4) a type asked at most once,
/// new second; (5) a new second. A scene of 8 s or more always has a count question at a new second, so the
/// seconds of a conversation are always different. Within the filter it draws a type uniformly, then a question of
/// that type uniformly, so frequent types (shape questions) do not crowd out rare ones (first appearances).
/// </summary>
public static class QuestionGenerator
{
    /// <summary>Questions per conversation.</summary>
    public const int ConversationLength = 4;

    // Each type at most twice in a conversation of four, while other types are available.
    private const int MaxQuestionsPerType = 2;

    /// <summary>The longest conversation a valid scene always allows: one question per second of the shortest video.</summary>
    public const int MaxConversationLength = 8;

    /// <summary>The longest conversation asked for: a longer scene allows more (one count question per second), up to this.</summary>
    public const int MaxTrainingConversationLength = ShapesTaskLimits.MaxDurationSeconds;

    /// <summary>A conversation about <paramref name="scene"/> drawn from <paramref name="random"/>.</summary>
    public static IReadOnlyList<Question> Conversation(Scene scene, Random random) => Conversation(scene, random, ConversationLength);

    /// <summary>
    /// A conversation of <paramref name="length"/> questions (at most <see cref="MaxTrainingConversationLength"/>, and at
    /// most as many as the scene allows: <see cref="MaxConversationLength"/> always are); its first
    /// <see cref="ConversationLength"/> are drawn exactly as <see cref="Conversation(Scene, Random)"/> draws them.
    /// Training uses longer conversations: more answers learned per video read.
    /// </summary>
    public static IReadOnlyList<Question> Conversation(Scene scene, Random random, int length)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxTrainingConversationLength);
        var candidates = QuestionCandidates.All(scene);
        var chosen = new List<Question>();
        while (chosen.Count < length)
        {
            var filters = Filters(chosen);
            var pool = filters.Select(f => candidates.Where(f).ToList()).FirstOrDefault(p => p.Count > 0);
            if (pool is null)
            {
                // Unreachable for a valid scene: it has a count question for each of its 8 or more seconds.
                throw new InvalidSceneException($"the scene allows only {chosen.Count} different questions; a conversation needs {length}.");
            }

            var types = pool.Select(q => q.Type).Distinct().Order().ToList();
            var type = types[random.Next(types.Count)];
            var ofType = pool.Where(q => q.Type == type).ToList();
            chosen.Add(ofType[random.Next(ofType.Count)]);
        }

        return chosen;
    }

    private static List<Func<Question, bool>> Filters(List<Question> chosen)
    {
        var seconds = chosen.Where(q => q.Second is not null).Select(q => q.Second).ToHashSet();
        var objects = chosen.Where(q => q.ObjectId is not null).Select(q => q.ObjectId).ToHashSet();
        var texts = chosen.Select(q => q.Text).ToHashSet();
        bool NewSecond(Question q) => (q.Second is null || !seconds.Contains(q.Second)) && !texts.Contains(q.Text);
        bool NewObject(Question q) => q.ObjectId is null || !objects.Contains(q.ObjectId);
        int Asked(QuestionType type) => chosen.Count(q => q.Type == type);
        return
        [
            q => NewSecond(q) && NewObject(q) && Asked(q.Type) == 0,
            q => NewSecond(q) && Asked(q.Type) == 0,
            q => NewSecond(q) && NewObject(q) && Asked(q.Type) < MaxQuestionsPerType,
            q => NewSecond(q) && Asked(q.Type) < MaxQuestionsPerType,
            NewSecond,
            // Unreachable for a valid scene (see above); keeps the loop total for any scene.
            q => !texts.Contains(q.Text),
        ];
    }
}
