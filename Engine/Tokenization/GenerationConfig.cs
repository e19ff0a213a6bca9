using System.Text.Json;

namespace SparseVila.Engine.Tokenization;

/// <summary>The token ids the loader takes from <c>generation_config.json</c>.</summary>
/// <param name="BosTokenId"><c>bos_token_id</c>, or null.</param>
/// <param name="EosTokenIds"><c>eos_token_id</c>, written as one id or a list; empty when absent.</param>
internal sealed record GenerationConfig(int? BosTokenId, IReadOnlyList<int> EosTokenIds)
{
    /// <summary>The file name in a checkpoint folder.</summary>
    public const string FileName = "generation_config.json";

    /// <summary>What holds when the checkpoint has no <c>generation_config.json</c>.</summary>
    public static GenerationConfig None { get; } = new(null, []);

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static GenerationConfig Read(string path)
    {
        using var document = JsonFields.ParseFile(path);
        var root = JsonFields.RootObject(document, path);
        var bos = JsonFields.Optional(root, "bos_token_id") is { } bosValue ? JsonFields.NonNegativeInt(bosValue, "bos_token_id", path) : (int?)null;
        IReadOnlyList<int> eos = JsonFields.Optional(root, "eos_token_id") switch
        {
            null => [],
            { ValueKind: JsonValueKind.Array } list => list.EnumerateArray().Select(id => JsonFields.NonNegativeInt(id, "eos_token_id", path)).ToList(),
            var single => [JsonFields.NonNegativeInt(single.Value, "eos_token_id", path)],
        };
        return new GenerationConfig(bos, eos);
    }
}
