namespace SparseVila.Bench.Accuracy;

/// <summary>What <c>bench accuracy</c> writes as JSON.</summary>
/// <param name="Model">The checkpoint folder evaluated.</param>
/// <param name="Conversations">Held-out conversations (one generated video each, 4 questions).</param>
/// <param name="FirstSeed">The first held-out seed; training never uses seeds from there on.</param>
/// <param name="Accuracy">accuracy[method][turn] ("1" … "4"), exact match.</param>
/// <param name="Overall">Per method, over every question.</param>
/// <param name="ByType">Per method, per question type.</param>
/// <param name="ByLength">Per method, per range of video lengths ("8-16 s" …), "overall" and per question type.</param>
/// <param name="Targets">Whether each target holds.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
public sealed record AccuracyReport(
    string Model, int Conversations, int FirstSeed,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Accuracy,
    IReadOnlyDictionary<string, double> Overall,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ByType,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> ByLength,
    IReadOnlyDictionary<string, bool> Targets,
    double Seconds);
