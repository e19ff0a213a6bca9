namespace SparseVila.Bench.Concurrency;

/// <summary>What the concurrency benchmark asks, and how much.</summary>
public sealed record ConcurrencySettings
{
    /// <summary>How many conversations ask at once, one level after another; the first is the baseline of the ratios.</summary>
    public IReadOnlyList<int> Levels { get; init; } = [1, 4, 8];

    /// <summary>Questions each conversation asks, one after another.</summary>
    public int QuestionsPerConversation { get; init; } = 2;

    /// <summary>Tokens each answer is decoded to (the benchmark model never ends an answer early).</summary>
    public int MaxNewTokens { get; init; } = 32;

    /// <summary>Length of the generated video every conversation is about.</summary>
    public int VideoSeconds { get; init; } = 16;

    /// <summary>The questions, asked in turn.</summary>
    public IReadOnlyList<string> Questions { get; init; } =
    [
        "What is happening at the start of the video?",
        "Which colour fills the frame after that?",
        "Describe the last moment of the video.",
    ];

    /// <summary>Checks the values, naming the one at fault.</summary>
    public void Validate()
    {
        if (Levels.Count == 0 || Levels.Any(l => l < 1) || Levels[0] != 1)
        {
            throw new ArgumentException("The levels must be positive and start at 1, the baseline of the ratios.", nameof(Levels));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(QuestionsPerConversation, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNewTokens, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(VideoSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfZero(Questions.Count, nameof(Questions));
    }
}
