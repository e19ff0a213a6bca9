namespace SparseVila.Engine.Tokenization;

/// <summary>A BPE model's data as the checkpoint states it: token → id, and the merges by rank (first = applied first).</summary>
internal sealed record BpeVocabulary(IReadOnlyDictionary<string, int> TokenIds, IReadOnlyList<(string Left, string Right)> Merges)
{
    /// <summary>The merges as Microsoft.ML.Tokenizers wants them, "left right"; a part holding a space cannot be written so.</summary>
    public IEnumerable<string> MergeLines(string sourceFile) => Merges.Select(merge =>
        merge.Left.Contains(' ', StringComparison.Ordinal) || merge.Right.Contains(' ', StringComparison.Ordinal)
            ? throw new TokenizerLoadException(sourceFile, $"merge [\"{merge.Left}\", \"{merge.Right}\"] has a token containing a space, which this BPE implementation cannot represent.")
            : $"{merge.Left} {merge.Right}");

    /// <summary>Id → token, for decoding.</summary>
    public Dictionary<int, string> TokensById()
    {
        var tokens = new Dictionary<int, string>(TokenIds.Count);
        foreach (var (token, id) in TokenIds)
        {
            tokens.TryAdd(id, token);
        }

        return tokens;
    }
}
