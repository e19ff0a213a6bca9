namespace SparseVila.Engine.Tokenization;

/// <summary>A piece's role in a SentencePiece model (<c>ModelProto.SentencePiece.Type</c>; the numbers are the proto's).</summary>
internal enum SentencePieceType
{
    /// <summary>An ordinary piece of text.</summary>
    Normal = 1,

    /// <summary>The unknown piece, <c>&lt;unk&gt;</c>.</summary>
    Unknown = 2,

    /// <summary>A control symbol such as <c>&lt;s&gt;</c>; never produced from text by SentencePiece itself.</summary>
    Control = 3,

    /// <summary>A piece always kept whole in text.</summary>
    UserDefined = 4,

    /// <summary>A piece the model does not produce.</summary>
    Unused = 5,

    /// <summary>A byte-fallback piece, <c>&lt;0xXX&gt;</c>.</summary>
    Byte = 6,
}
