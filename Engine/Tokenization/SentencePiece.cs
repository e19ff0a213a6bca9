namespace SparseVila.Engine.Tokenization;

/// <summary>One vocabulary entry of a SentencePiece model; its id is its position.</summary>
internal sealed record SentencePiece(string Piece, float Score, SentencePieceType Type);
