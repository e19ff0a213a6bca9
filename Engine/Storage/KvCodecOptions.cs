namespace SparseVila.Engine.Storage;

/// <summary>A codec and its key group size.</summary>
/// <param name="Codec">How keys and values are stored.</param>
/// <param name="GroupTokens">
/// Tokens sharing one key scale and zero point per channel (the integer codecs; recorded but unused by fp16).
/// The last group of a segment may be shorter.
/// </param>
public sealed record KvCodecOptions(KvCodec Codec, int GroupTokens = KvCodecOptions.DefaultGroupTokens)
{
    /// <summary>KIVI's key group size.</summary>
    public const int DefaultGroupTokens = 32;

    /// <summary>The largest group the segment header's u32 field is allowed to carry; far above any useful size.</summary>
    public const int MaxGroupTokens = 1 << 20;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for an unknown codec or a group size outside 1…<see cref="MaxGroupTokens"/>.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Codec))
        {
            throw new ArgumentOutOfRangeException(nameof(Codec), Codec, "Unknown KV codec.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(GroupTokens, 1, nameof(GroupTokens));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(GroupTokens, MaxGroupTokens, nameof(GroupTokens));
    }
}
