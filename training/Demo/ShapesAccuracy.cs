using SparseVila.Training.Shapes;

namespace SparseVila.Training.Demo;

/// <summary>Exact-match accuracy of answers, by question type, by turn and by video length.</summary>
public sealed class ShapesAccuracy
{
    private readonly Dictionary<QuestionType, (int Right, int Asked)> _byType = [];
    private readonly Dictionary<int, (int Right, int Asked)> _byTurn = [];
    private readonly Dictionary<VideoLengthBucket, ShapesAccuracy> _byLength = [];

    /// <summary>Records one answer, to a question about a video of <paramref name="videoSeconds"/> (null: not by length).</summary>
    public void Add(QuestionType type, int turn, bool right, int? videoSeconds = null)
    {
        var t = _byType.GetValueOrDefault(type);
        _byType[type] = (t.Right + (right ? 1 : 0), t.Asked + 1);
        var n = _byTurn.GetValueOrDefault(turn);
        _byTurn[turn] = (n.Right + (right ? 1 : 0), n.Asked + 1);
        if (videoSeconds is { } seconds)
        {
            var bucket = VideoLengthBucket.Of(seconds);
            (_byLength.TryGetValue(bucket, out var tally) ? tally : _byLength[bucket] = new ShapesAccuracy()).Add(type, turn, right);
        }
    }

    /// <summary>The answers recorded with a video length, per range of lengths that had any, shortest first.</summary>
    public IReadOnlyList<(VideoLengthBucket Bucket, ShapesAccuracy Accuracy)> ByLength =>
        [.. VideoLengthBucket.All.Where(_byLength.ContainsKey).Select(b => (b, _byLength[b]))];

    /// <summary>Right answers over all asked.</summary>
    public double Overall => Ratio(_byType.Values.Sum(v => v.Right), _byType.Values.Sum(v => v.Asked));

    /// <summary>Accuracy per question type.</summary>
    public IReadOnlyDictionary<QuestionType, double> ByType => _byType.ToDictionary(p => p.Key, p => Ratio(p.Value.Right, p.Value.Asked));

    /// <summary>Accuracy per turn (0-based).</summary>
    public IReadOnlyDictionary<int, double> ByTurn => _byTurn.ToDictionary(p => p.Key, p => Ratio(p.Value.Right, p.Value.Asked));

    /// <summary>Questions asked.</summary>
    public int Asked => _byType.Values.Sum(v => v.Asked);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Overall:P1} overall; " + string.Join(", ", ByType.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:P0}")) +
        "; turns " + string.Join(" / ", ByTurn.OrderBy(p => p.Key).Select(p => $"{p.Value:P0}"));

    private static double Ratio(int right, int asked) => asked == 0 ? 0 : (double)right / asked;
}
