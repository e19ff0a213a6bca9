namespace SparseVila.Engine.Storage;

/// <summary>Whether a tensor holds keys or values: the integer codecs group them differently.</summary>
public enum KvTensorRole
{
    /// <summary>Keys: one scale and zero point per (head, channel) and group of tokens, since keys have outlier channels.</summary>
    Keys,

    /// <summary>Values: one scale and zero point per (head, token) over the token's channels.</summary>
    Values,
}
