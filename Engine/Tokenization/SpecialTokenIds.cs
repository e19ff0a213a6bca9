namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Resolves the beginning- and end-of-sequence ids. BOS: <c>tokenizer_config.json</c>'s
/// <c>bos_token</c>, else <c>generation_config.json</c>'s <c>bos_token_id</c>, else the tokenizer file's
/// own. EOS: <c>generation_config.json</c>'s <c>eos_token_id</c> (one or a list), then
/// <c>tokenizer_config.json</c>'s <c>eos_token</c> if not already listed, else the tokenizer file's own.
/// </summary>
internal sealed class SpecialTokenIds
{
    private readonly TokenizerSource _source;
    private readonly IReadOnlyList<AddedToken> _addedTokens;
    private readonly string _configPath;
    private readonly string _generationPath;
    private readonly int _vocabularySize;

    /// <summary>Resolves against <paramref name="source"/>'s model and the merged <paramref name="addedTokens"/> (sorted by id).</summary>
    public SpecialTokenIds(TokenizerSource source, IReadOnlyList<AddedToken> addedTokens, string configPath, string generationPath)
    {
        _source = source;
        _addedTokens = addedTokens;
        _configPath = configPath;
        _generationPath = generationPath;
        _vocabularySize = Math.Max(source.Model.IdLimit, addedTokens.Count == 0 ? 0 : addedTokens[^1].Id + 1);
    }

    /// <summary>The BOS id, or null when nothing names one.</summary>
    public int? Bos(TokenizerConfig config, GenerationConfig generation) =>
        config.BosToken is { } bos ? IdOf(bos, "bos_token")
        : generation.BosTokenId is { } generationBos ? InVocabulary(generationBos, "bos_token_id")
        : _source.DefaultBosId;

    /// <summary>The EOS ids, in the order described on the class.</summary>
    public List<int> Eos(TokenizerConfig config, GenerationConfig generation)
    {
        var ids = generation.EosTokenIds.Select(id => InVocabulary(id, "eos_token_id")).ToList();
        if (config.EosToken is { } eos && IdOf(eos, "eos_token") is var configEos && !ids.Contains(configEos))
        {
            ids.Add(configEos);
        }

        if (ids.Count == 0 && _source.DefaultEosId is { } defaultEos)
        {
            ids.Add(defaultEos);
        }

        return ids;
    }

    /// <summary>The id of a token <c>tokenizer_config.json</c> names in <paramref name="field"/>; an error when there is none.</summary>
    public int IdOf(string content, string field) =>
        _addedTokens.FirstOrDefault(t => t.Content == content)?.Id ?? _source.Model.TokenToId(content)
        ?? throw new TokenizerLoadException(_configPath, $"{field} '{content}' is not a token of this tokenizer.");

    private int InVocabulary(int id, string field) => id < _vocabularySize
        ? id
        : throw new TokenizerLoadException(_generationPath, $"{field} {id} is outside the vocabulary of {_vocabularySize}.");
}
