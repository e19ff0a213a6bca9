using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// SentencePiece-style BPE from <c>tokenizer.json</c> (Llama): spaces are "▁", words are merged by
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>, and characters the vocabulary lacks become
/// "&lt;0xXX&gt;" byte tokens (byte fallback, which <see cref="BpeTokenizer"/> lacks and this class adds).
/// </summary>
internal sealed class MetaspaceBpeModel : ISubwordModel
{
    // A "▁" starts a word; a run without one is a word too (Hugging Face's MergedWithNext on "▁").
    private const string MetaspaceWordPattern = "\u2581[^\u2581]*|[^\u2581]+";

    private readonly BpeTokenizer _bpe;
    private readonly MetaspaceBpeSettings _settings;
    private readonly IReadOnlyDictionary<string, int> _tokenIds;
    private readonly Dictionary<int, string> _tokens;
    private readonly int _unknownId;
    private readonly int?[] _byteIds = new int?[256];

    private MetaspaceBpeModel(BpeTokenizer bpe, BpeVocabulary vocabulary, MetaspaceBpeSettings settings)
    {
        _bpe = bpe;
        _settings = settings;
        _tokenIds = vocabulary.TokenIds;
        _tokens = vocabulary.TokensById();
        _unknownId = vocabulary.TokenIds[settings.UnknownToken];
        for (var b = 0; b < _byteIds.Length; b++)
        {
            _byteIds[b] = TokenToId(MetaspacePieces.ByteName((byte)b));
        }

        IdLimit = _tokens.Count == 0 ? 0 : _tokens.Keys.Max() + 1;
    }

    /// <summary>Builds the model; <paramref name="sourceFile"/> is named in any <see cref="TokenizerLoadException"/>.</summary>
    public static MetaspaceBpeModel Create(BpeVocabulary vocabulary, MetaspaceBpeSettings settings, string sourceFile)
    {
        if (!vocabulary.TokenIds.ContainsKey(settings.UnknownToken))
        {
            throw new TokenizerLoadException(sourceFile, $"the unknown token '{settings.UnknownToken}' is not in model.vocab.");
        }

        var options = new BpeOptions(vocabulary.TokenIds)
        {
            Merges = vocabulary.MergeLines(sourceFile).ToList(),
            PreTokenizer = new IsolatingRegexPreTokenizer(settings.SplitAtMetaspace ? [PreTokenizerPatterns.Compile(MetaspaceWordPattern)] : []),
            UnknownToken = settings.UnknownToken,
            FuseUnknownTokens = settings.FuseUnknown,
        };
        try
        {
            return new MetaspaceBpeModel(BpeTokenizer.Create(options), vocabulary, settings);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new TokenizerLoadException(sourceFile, $"the BPE vocabulary and merges do not fit together: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public int IdLimit { get; }

    /// <inheritdoc/>
    public bool StripsLeadingSpace => _settings.StripsLeadingSpace;

    /// <inheritdoc/>
    public void Encode(string segment, bool atTextStart, List<int> ids)
    {
        var text = _settings.Escaping.Apply(segment, atTextStart);
        foreach (var token in _bpe.EncodeToTokens(text, out _, considerPreTokenization: true, considerNormalization: false))
        {
            if (token.Id != _unknownId || !_settings.ByteFallback || !TryAddByteIds(text[token.Offset], ids))
            {
                ids.Add(token.Id);
            }
        }
    }

    /// <inheritdoc/>
    public bool TryWriteBytes(int id, IBufferWriter<byte> destination)
    {
        if (!_tokens.TryGetValue(id, out var token))
        {
            return false;
        }

        if (_settings.DecodesByteTokens && MetaspacePieces.TryParseByte(token, out var value))
        {
            destination.GetSpan(1)[0] = value;
            destination.Advance(1);
        }
        else
        {
            MetaspacePieces.WriteText(token, destination);
        }

        return true;
    }

    /// <inheritdoc/>
    public int? TokenToId(string token) => _tokenIds.TryGetValue(token, out var id) ? id : null;

    // Byte fallback: the unknown characters' UTF-8 bytes as byte tokens, when the vocabulary has them all.
    private bool TryAddByteIds(string unknown, List<int> ids)
    {
        var bytes = Encoding.UTF8.GetBytes(unknown);
        if (bytes.Any(b => _byteIds[b] is null))
        {
            return false;
        }

        ids.AddRange(bytes.Select(b => _byteIds[b]!.Value));
        return true;
    }
}
