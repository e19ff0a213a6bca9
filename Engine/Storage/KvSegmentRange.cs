namespace SparseVila.Engine.Storage;

/// <summary>The positions [<paramref name="FirstToken"/>, <paramref name="EndToken"/>) of a context that one segment holds: the tokens of consecutive frames.</summary>
/// <param name="FirstToken">The first position held.</param>
/// <param name="EndToken">One past the last position held.</param>
/// <param name="FirstFrameIndex">The first frame whose tokens are held (−1 when the context has no frame).</param>
/// <param name="LastFrameIndex">The last frame whose tokens are held (−1 when the context has no frame).</param>
public readonly record struct KvSegmentRange(int FirstToken, int EndToken, int FirstFrameIndex, int LastFrameIndex)
{
    /// <summary>Positions held.</summary>
    public int Tokens => EndToken - FirstToken;
}
