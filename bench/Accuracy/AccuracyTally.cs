namespace SparseVila.Bench.Accuracy;

/// <summary>Exact-match answers of one method, by turn and by question type.</summary>
internal sealed class AccuracyTally
{
    private readonly Dictionary<int, (int Right, int Asked)> _byTurn = [];
    private readonly Dictionary<string, (int Right, int Asked)> _byType = new(StringComparer.Ordinal);

    public void Add(int turn, string type, bool right)
    {
        var t = _byTurn.GetValueOrDefault(turn);
        _byTurn[turn] = (t.Right + (right ? 1 : 0), t.Asked + 1);
        var q = _byType.GetValueOrDefault(type);
        _byType[type] = (q.Right + (right ? 1 : 0), q.Asked + 1);
    }

    public int Asked => _byTurn.Values.Sum(v => v.Asked);

    public double Overall => Ratio(_byTurn.Values.Sum(v => v.Right), Asked);

    /// <summary>Per turn, keyed "1", "2", … as the report names turns.</summary>
    public IReadOnlyDictionary<string, double> ByTurn =>
        _byTurn.OrderBy(p => p.Key).ToDictionary(p => (p.Key + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), p => Ratio(p.Value.Right, p.Value.Asked));

    public IReadOnlyDictionary<string, double> ByType => _byType.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => Ratio(p.Value.Right, p.Value.Asked));

    private static double Ratio(int right, int asked) => asked == 0 ? 0 : (double)right / asked;
}
