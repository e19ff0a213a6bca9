namespace SparseVila.Engine.Tokenization;

/// <summary>
/// What a SentencePiece <c>tokenizer.model</c> (a serialized <c>sentencepiece.ModelProto</c>) says
/// that the loader checks or needs: the pieces with their types, the trainer's model type and special
/// ids, and the normalizer's switches. Proto defaults apply to fields the file leaves out.
/// </summary>
internal sealed class SentencePieceModelFile
{
    /// <summary>The proto's <c>TrainerSpec.ModelType</c> value for BPE (1 is Unigram, 3 Word, 4 Char).</summary>
    public const int BpeModelType = 2;

    private readonly List<SentencePiece> _pieces = [];

    private SentencePieceModelFile()
    {
    }

    /// <summary>The vocabulary; a piece's id is its index.</summary>
    public IReadOnlyList<SentencePiece> Pieces => _pieces;

    /// <summary><c>trainer_spec.model_type</c>: 1 Unigram, 2 BPE, 3 Word, 4 Char.</summary>
    public int ModelType { get; private set; } = 1;

    /// <summary><c>trainer_spec.byte_fallback</c>.</summary>
    public bool ByteFallback { get; private set; }

    /// <summary><c>trainer_spec.treat_whitespace_as_suffix</c>.</summary>
    public bool TreatWhitespaceAsSuffix { get; private set; }

    /// <summary><c>trainer_spec.bos_id</c>; negative when the model has none.</summary>
    public int BosId { get; private set; } = 1;

    /// <summary><c>trainer_spec.eos_id</c>; negative when the model has none.</summary>
    public int EosId { get; private set; } = 2;

    /// <summary>Whether the file has a <c>normalizer_spec</c> at all.</summary>
    public bool HasNormalizerSpec { get; private set; }

    /// <summary><c>normalizer_spec.name</c>, e.g. "identity" or "nmt_nfkc".</summary>
    public string NormalizerName { get; private set; } = "";

    /// <summary>Whether <c>normalizer_spec.precompiled_charsmap</c> holds a character map.</summary>
    public bool HasCharacterMap { get; private set; }

    /// <summary><c>normalizer_spec.add_dummy_prefix</c>.</summary>
    public bool AddDummyPrefix { get; private set; } = true;

    /// <summary><c>normalizer_spec.remove_extra_whitespaces</c>.</summary>
    public bool RemoveExtraWhitespaces { get; private set; } = true;

    /// <summary><c>normalizer_spec.escape_whitespaces</c>.</summary>
    public bool EscapeWhitespaces { get; private set; } = true;

    /// <summary>Parses a serialized <c>ModelProto</c>; throws <see cref="InvalidDataException"/> when it is malformed.</summary>
    public static SentencePieceModelFile Parse(ReadOnlySpan<byte> data)
    {
        var file = new SentencePieceModelFile();
        var reader = new ProtobufReader(data);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1: file._pieces.Add(ReadPiece(reader.ReadLengthDelimited())); break;
                case 2: file.ReadTrainerSpec(reader.ReadLengthDelimited()); break;
                case 3: file.ReadNormalizerSpec(reader.ReadLengthDelimited()); break;
                default: reader.Skip(wireType); break;
            }
        }

        return file;
    }

    private static SentencePiece ReadPiece(ReadOnlySpan<byte> message)
    {
        var (piece, score, type) = ("", 0f, SentencePieceType.Normal);
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1: piece = reader.ReadString(); break;
                case 2: score = reader.ReadFloat(); break;
                case 3: type = (SentencePieceType)(int)reader.ReadVarint(); break;
                default: reader.Skip(wireType); break;
            }
        }

        return new SentencePiece(piece, score, type);
    }

    private void ReadTrainerSpec(ReadOnlySpan<byte> message)
    {
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 3: ModelType = (int)reader.ReadVarint(); break;
                case 24: TreatWhitespaceAsSuffix = reader.ReadVarint() != 0; break;
                case 35: ByteFallback = reader.ReadVarint() != 0; break;
                case 41: BosId = (int)reader.ReadVarint(); break;
                case 42: EosId = (int)reader.ReadVarint(); break;
                default: reader.Skip(wireType); break;
            }
        }
    }

    private void ReadNormalizerSpec(ReadOnlySpan<byte> message)
    {
        HasNormalizerSpec = true;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1: NormalizerName = reader.ReadString(); break;
                case 2: HasCharacterMap = !reader.ReadLengthDelimited().IsEmpty; break;
                case 3: AddDummyPrefix = reader.ReadVarint() != 0; break;
                case 4: RemoveExtraWhitespaces = reader.ReadVarint() != 0; break;
                case 5: EscapeWhitespaces = reader.ReadVarint() != 0; break;
                default: reader.Skip(wireType); break;
            }
        }
    }
}
