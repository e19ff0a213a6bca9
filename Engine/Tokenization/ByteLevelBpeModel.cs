using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Byte-level BPE (GPT-2, Qwen2): text becomes UTF-8 bytes written in <see cref="ByteLevelAlphabet"/>,
/// split into words, and each word is merged by Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>.
/// </summary>
internal sealed class ByteLevelBpeModel : ISubwordModel
{
    private readonly BpeTokenizer _bpe;
    private readonly IReadOnlyDictionary<string, int> _tokenIds;
    private readonly Dictionary<int, string> _tokens;
    private readonly ByteLevelSettings _settings;

    private ByteLevelBpeModel(BpeTokenizer bpe, BpeVocabulary vocabulary, ByteLevelSettings settings)
    {
        _bpe = bpe;
        _tokenIds = vocabulary.TokenIds;
        _tokens = vocabulary.TokensById();
        _settings = settings;
        IdLimit = _tokens.Count == 0 ? 0 : _tokens.Keys.Max() + 1;
    }

    /// <summary>Builds the model; <paramref name="sourceFile"/> is named in any <see cref="TokenizerLoadException"/>.</summary>
    public static ByteLevelBpeModel Create(BpeVocabulary vocabulary, ByteLevelSettings settings, string sourceFile)
    {
        // Every byte must have a token, or text containing it could not be encoded at all.
        var missing = ByteLevelAlphabet.AllChars.Where(c => !vocabulary.TokenIds.ContainsKey(c.ToString())).ToList();
        if (missing.Count > 0)
        {
            throw new TokenizerLoadException(sourceFile,
                $"the vocabulary lacks {missing.Count} of the 256 byte-level symbols (first: U+{(int)missing[0]:X4}); it is not a byte-level BPE vocabulary.");
        }

        var options = new BpeOptions(vocabulary.TokenIds)
        {
            Merges = vocabulary.MergeLines(sourceFile).ToList(),
            PreTokenizer = new IsolatingRegexPreTokenizer(settings.SplitPatterns),
            ByteLevel = true,
        };
        try
        {
            return new ByteLevelBpeModel(BpeTokenizer.Create(options), vocabulary, settings);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new TokenizerLoadException(sourceFile, $"the BPE vocabulary and merges do not fit together: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public int IdLimit { get; }

    /// <inheritdoc/>
    public bool StripsLeadingSpace => false;

    /// <inheritdoc/>
    public void Encode(string segment, bool atTextStart, List<int> ids)
    {
        var text = UnicodeNormalization.Apply(segment, _settings.Normalization);
        if (_settings.AddPrefixSpace && !text.StartsWith(' '))
        {
            text = " " + text;
        }

        ids.AddRange(_bpe.EncodeToIds(text, considerPreTokenization: true, considerNormalization: false));
    }

    /// <inheritdoc/>
    public bool TryWriteBytes(int id, IBufferWriter<byte> destination)
    {
        if (!_tokens.TryGetValue(id, out var token))
        {
            return false;
        }

        var span = destination.GetSpan(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (!ByteLevelAlphabet.TryToByte(token[i], out span[i]))
            {
                // Not written in the byte alphabet (Hugging Face then takes the token's own UTF-8).
                Encoding.UTF8.GetBytes(token, destination);
                return true;
            }
        }

        destination.Advance(token.Length);
        return true;
    }

    /// <inheritdoc/>
    public int? TokenToId(string token) => _tokenIds.TryGetValue(token, out var id) ? id : null;
}
