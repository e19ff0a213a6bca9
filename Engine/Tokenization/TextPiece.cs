namespace SparseVila.Engine.Tokenization;

/// <summary>A span of text: an added token when <see cref="Token"/> is set, else plain text for the subword model.</summary>
internal readonly record struct TextPiece(int Start, int Length, AddedToken? Token);
