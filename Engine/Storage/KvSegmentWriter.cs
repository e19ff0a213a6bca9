using SparseVila.Engine.Checkpoints;
using SparseVila.Engine.Sparse;
using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>
/// Writes a segment (docs/storage-format.md): header, token records, each layer's keys then values as the codec's
/// parts, then the XxHash64 of all of it. Streams to the destination: one layer's keys or values is encoded at a time.
/// </summary>
public static class KvSegmentWriter
{
    /// <summary>Token records written at a time.</summary>
    private const int TokenRecordsPerWrite = 4096;

    /// <summary>
    /// Writes positions <paramref name="range"/> of <paramref name="context"/> to <paramref name="destination"/>.
    /// Throws <see cref="ArgumentOutOfRangeException"/> for a range outside the context or empty.
    /// </summary>
    public static KvSegmentSummary Write(Stream destination, VisualContext context, KvSegmentRange range, KvCodecOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (range.FirstToken < 0 || range.EndToken <= range.FirstToken || range.EndToken > context.LengthTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, $"A segment holds a non-empty range of the context's {context.LengthTokens} positions.");
        }

        var tokens = Enumerable.Range(range.FirstToken, range.Tokens).Select(p => context.Tokens[p]).ToList();
        return Write(destination, context.Layers, tokens, options, (layer, role) =>
            (role == KvTensorRole.Keys ? context.Keys(layer) : context.Values(layer)).narrow(2, range.FirstToken, range.Tokens));   // (1, Hkv, T, Dh)
    }

    /// <summary>
    /// Writes one segment of <paramref name="keys"/> and <paramref name="values"/>, per layer (1, Hkv, T, Dh), with the T
    /// <paramref name="tokens"/> they hold. Throws <see cref="ArgumentException"/> when the layers' shapes differ or do not
    /// match the tokens, or a value is outside fp16's range.
    /// </summary>
    public static KvSegmentSummary Write(Stream destination, IReadOnlyList<Tensor> keys, IReadOnlyList<Tensor> values, IReadOnlyList<ContextToken> tokens, KvCodecOptions options)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (keys.Count != values.Count)
        {
            throw new ArgumentException($"{keys.Count} key and {values.Count} value layers.", nameof(values));
        }

        return Write(destination, keys.Count, tokens, options, (layer, role) => (role == KvTensorRole.Keys ? keys[layer] : values[layer]).alias());
    }

    private static KvSegmentSummary Write(Stream destination, int layers, IReadOnlyList<ContextToken> tokens, KvCodecOptions options, Func<int, KvTensorRole, Tensor> layerTensor)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(options);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Segments are little-endian and tensors are written as they lie in memory; this machine is big-endian.");
        }

        if (layers < 1)
        {
            throw new ArgumentException("A segment holds at least one layer.", nameof(layers));
        }

        KvTensorShape shape;
        using (NewDisposeScope())
        {
            shape = KvTensorShape.Of(layerTensor(0, KvTensorRole.Keys), "keys");
        }

        if (shape.Tokens != tokens.Count)
        {
            throw new ArgumentException($"The keys hold {shape.Tokens} positions and the token list {tokens.Count}.", nameof(tokens));
        }

        var header = KvSegmentHeader.For(options, layers, shape);
        var codec = KvTensorCodecs.Create(options);
        using var sink = new ChecksumWriteStream(destination);                                          // disposing it leaves the destination open
        Span<byte> headerBytes = stackalloc byte[KvSegmentHeader.SizeBytes];
        header.WriteTo(headerBytes);
        sink.Write(headerBytes);
        WriteTokens(sink, tokens);
        for (var layer = 0; layer < layers; layer++)
        {
            foreach (var role in (ReadOnlySpan<KvTensorRole>)[KvTensorRole.Keys, KvTensorRole.Values])
            {
                using var scope = NewDisposeScope();
                var tensor = layerTensor(layer, role);                                                  // (1, Hkv, T, Dh)
                if (KvTensorShape.Of(tensor, role.ToString()) != shape)
                {
                    throw new ArgumentException($"Layer {layer}'s {role} are ({string.Join(", ", tensor.shape)}), not ({string.Join(", ", shape.Dimensions)}) like layer 0's keys.", role.ToString());
                }

                WriteParts(sink, codec.Encode(tensor, role), codec.Parts(role, shape), layer, role);
            }
        }

        Span<byte> checksum = stackalloc byte[KvSegmentHeader.ChecksumBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(checksum, sink.Checksum);
        destination.Write(checksum);
        return new KvSegmentSummary(sink.WrittenBytes + checksum.Length, sink.Checksum, header);
    }

    private static void WriteTokens(Stream sink, IReadOnlyList<ContextToken> tokens)
    {
        var buffer = new byte[Math.Min(tokens.Count, TokenRecordsPerWrite) * ContextTokenRecord.SizeBytes];
        for (var start = 0; start < tokens.Count; start += TokenRecordsPerWrite)
        {
            var count = Math.Min(TokenRecordsPerWrite, tokens.Count - start);
            for (var i = 0; i < count; i++)
            {
                ContextTokenRecord.Write(buffer.AsSpan(i * ContextTokenRecord.SizeBytes), tokens[start + i]);
            }

            sink.Write(buffer, 0, count * ContextTokenRecord.SizeBytes);
        }
    }

    /// <summary>Writes each part's bytes, after checking the codec made the parts it describes.</summary>
    private static void WriteParts(Stream sink, Tensor[] parts, IReadOnlyList<KvPart> expected, int layer, KvTensorRole role)
    {
        if (parts.Length != expected.Count)
        {
            throw new InvalidOperationException($"The codec made {parts.Length} parts of layer {layer}'s {role}, not the {expected.Count} it describes.");
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].dtype != expected[i].Type || !parts[i].shape.SequenceEqual(expected[i].Shape))
            {
                throw new InvalidOperationException(
                    $"The codec made part {i} of layer {layer}'s {role} {parts[i].dtype} ({string.Join(", ", parts[i].shape)}), not {expected[i].Type} ({string.Join(", ", expected[i].Shape)}).");
            }

            TensorBytes.Write(parts[i], sink);
        }
    }
}
