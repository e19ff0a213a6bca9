namespace SparseVila.Engine.Tokenization;

/// <summary>Joins the added tokens a tokenizer file declares with those <c>tokenizer_config.json</c> declares.</summary>
internal static class AddedTokenLists
{
    /// <summary>
    /// The tokens of <paramref name="source"/>, then those of <paramref name="config"/> it lacks. An id given
    /// two contents, or a content given two ids, is an error naming the file where the clash appears.
    /// </summary>
    public static IReadOnlyList<AddedToken> Merge(TokenizerSource source, IReadOnlyList<AddedToken> config, string configPath)
    {
        var byId = new Dictionary<int, AddedToken>();
        var idByContent = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (tokens, file) in new[] { (source.AddedTokens, source.File), (config, configPath) })
        {
            foreach (var token in tokens)
            {
                if (byId.TryGetValue(token.Id, out var known) && known.Content != token.Content)
                {
                    throw new TokenizerLoadException(file, $"added token {token.Id} is '{token.Content}', but it was already '{known.Content}'.");
                }

                if (idByContent.TryGetValue(token.Content, out var knownId) && knownId != token.Id)
                {
                    throw new TokenizerLoadException(file, $"added token '{token.Content}' has id {token.Id}, but it already had id {knownId}.");
                }

                byId.TryAdd(token.Id, token);
                idByContent.TryAdd(token.Content, token.Id);
            }
        }

        return byId.Values.OrderBy(t => t.Id).ToList();
    }
}
