using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// A SentencePiece BPE model from <c>tokenizer.model</c> (Llama), encoded by Microsoft.ML.Tokenizers'
/// <see cref="LlamaTokenizer"/>. Spaces and the dummy prefix are written here, per segment, so that
/// text after an added token is treated as Llama's legacy or non-legacy mode asks.
/// </summary>
internal sealed class SentencePieceModel : ISubwordModel
{
    private readonly LlamaTokenizer _sentencePiece;
    private readonly SentencePieceModelFile _file;
    private readonly MetaspaceEscaping _escaping;
    private readonly Dictionary<string, int> _ids;

    /// <summary>Wraps a loaded model; <paramref name="file"/> is the same model as read by <see cref="SentencePieceModelFile"/>.</summary>
    public SentencePieceModel(LlamaTokenizer sentencePiece, SentencePieceModelFile file, MetaspaceEscaping escaping)
    {
        _sentencePiece = sentencePiece;
        _file = file;
        _escaping = escaping;
        _ids = new Dictionary<string, int>(file.Pieces.Count, StringComparer.Ordinal);
        for (var id = 0; id < file.Pieces.Count; id++)
        {
            _ids.TryAdd(file.Pieces[id].Piece, id);
        }
    }

    /// <summary>
    /// Control, unknown and user-defined pieces, which the tokenizer matches whole in text; the first
    /// two kinds are special. (Hugging Face matches <c>&lt;s&gt;</c> written in text; SentencePiece alone does not.)
    /// </summary>
    public IEnumerable<AddedToken> WholePieces => _file.Pieces
        .Select((piece, id) => (piece, id))
        .Where(p => p.piece.Type is SentencePieceType.Control or SentencePieceType.Unknown or SentencePieceType.UserDefined)
        .Select(p => new AddedToken(p.id, p.piece.Piece, Special: p.piece.Type != SentencePieceType.UserDefined));

    /// <inheritdoc/>
    public int IdLimit => _file.Pieces.Count;

    /// <inheritdoc/>
    public bool StripsLeadingSpace => _escaping.AddsPrefix;

    /// <inheritdoc/>
    public void Encode(string segment, bool atTextStart, List<int> ids) =>
        ids.AddRange(_sentencePiece.EncodeToIds(
            _escaping.Apply(segment, atTextStart), addBeginningOfSentence: false, addEndOfSentence: false, considerNormalization: false));

    /// <inheritdoc/>
    public bool TryWriteBytes(int id, IBufferWriter<byte> destination)
    {
        if (id < 0 || id >= _file.Pieces.Count)
        {
            return false;
        }

        var piece = _file.Pieces[id];
        if (piece.Type == SentencePieceType.Byte && MetaspacePieces.TryParseByte(piece.Piece, out var value))
        {
            destination.GetSpan(1)[0] = value;
            destination.Advance(1);
        }
        else
        {
            MetaspacePieces.WriteText(piece.Piece, destination);
        }

        return true;
    }

    /// <inheritdoc/>
    public int? TokenToId(string token) => _ids.TryGetValue(token, out var id) ? id : null;
}
