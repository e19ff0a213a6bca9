using System.Buffers;
using System.Text;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// A checkpoint's tokenizer: added tokens are cut out of the text first, the rest goes to the subword
/// model; decoding joins every token's bytes and reads them as UTF-8.
/// </summary>
internal sealed class CheckpointTokenizer : ITextTokenizer
{
    private readonly ISubwordModel _model;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly Dictionary<string, AddedToken> _addedByContent;
    private readonly AddedTokenMatcher _matcher;

    /// <summary>Creates the tokenizer; <paramref name="addedTokens"/> must have distinct ids and contents.</summary>
    public CheckpointTokenizer(ISubwordModel model, IReadOnlyList<AddedToken> addedTokens, int? bosTokenId, IReadOnlyList<int> eosTokenIds)
    {
        _model = model;
        _addedById = addedTokens.ToDictionary(t => t.Id);
        _addedByContent = addedTokens.ToDictionary(t => t.Content, StringComparer.Ordinal);
        _matcher = new AddedTokenMatcher(addedTokens);
        VocabularySize = Math.Max(model.IdLimit, addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
        BosTokenId = bosTokenId;
        EosTokenIds = eosTokenIds.ToArray();
    }

    /// <inheritdoc/>
    public int VocabularySize { get; }

    /// <inheritdoc/>
    public int? BosTokenId { get; }

    /// <inheritdoc/>
    public IReadOnlyList<int> EosTokenIds { get; }

    /// <inheritdoc/>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        foreach (var piece in _matcher.Split(text))
        {
            if (piece.Token is { } token)
            {
                ids.Add(token.Id);
            }
            else
            {
                _model.Encode(text.Substring(piece.Start, piece.Length), atTextStart: piece.Start == 0, ids);
            }
        }

        return ids;
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new ArrayBufferWriter<byte>();
        foreach (var id in ids)
        {
            if (_addedById.TryGetValue(id, out var token))
            {
                if (!(skipSpecialTokens && token.Special))
                {
                    Encoding.UTF8.GetBytes(token.Content, bytes);
                }
            }
            else if (!_model.TryWriteBytes(id, bytes))
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id {id} is not in this tokenizer's vocabulary of {VocabularySize}.");
            }
        }

        var text = Encoding.UTF8.GetString(bytes.WrittenSpan);
        return _model.StripsLeadingSpace && text.StartsWith(' ') ? text[1..] : text;
    }

    /// <inheritdoc/>
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _addedByContent.TryGetValue(token, out var added) ? added.Id : _model.TokenToId(token);
    }

    /// <inheritdoc/>
    public bool IsSpecial(int id) => _addedById.TryGetValue(id, out var token) && token.Special;

    /// <inheritdoc/>
    public IncrementalDecoder CreateIncrementalDecoder() => new(this);
}
