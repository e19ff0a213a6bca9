namespace SparseVila.Engine.Storage;

/// <summary>The codec implementation of each <see cref="KvCodec"/>.</summary>
public static class KvTensorCodecs
{
    /// <summary>The implementation of <paramref name="options"/>; throws <see cref="ArgumentOutOfRangeException"/> for invalid options.</summary>
    public static IKvTensorCodec Create(KvCodecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Codec switch
        {
            KvCodec.Fp16 => new Fp16TensorCodec(),
            KvCodec.Int8 => new Int8TensorCodec(options.GroupTokens),
            KvCodec.Int4 => new Int4TensorCodec(options.GroupTokens),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Codec, "Unknown KV codec."),
        };
    }
}
