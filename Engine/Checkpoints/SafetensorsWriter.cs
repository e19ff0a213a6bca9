using System.Buffers.Binary;
using System.Globalization;
using TorchSharp;

namespace SparseVila.Engine.Checkpoints;

/// <summary>
/// Writes tensors in the safetensors format, one file or a sharded folder with its index, streaming each
/// tensor's bytes from its storage to the file (the file is never built in memory).
/// </summary>
public static class SafetensorsWriter
{
    private static readonly Dictionary<string, string> ShardMetadata = new(StringComparer.Ordinal) { ["format"] = "pt" };

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/> in name order, the header padded with spaces
    /// to an 8-byte boundary. Floating tensors are stored as <paramref name="storeAs"/> (F32, F16 or BF16) when
    /// given, else as their own type; integer and bool tensors as their own type. The file appears under its
    /// name only once complete (it is written beside it and renamed).
    /// </summary>
    public static void Write(
        string path,
        IReadOnlyDictionary<string, torch.Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null,
        torch.ScalarType? storeAs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var layout = Layout(tensors, storeAs);
        var header = SafetensorsHeader.Serialize(layout.Select(entry => entry.Info), metadata);
        var partialPath = path + ".partial";
        try
        {
            using (var stream = new FileStream(partialPath, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Span<byte> headerLength = stackalloc byte[sizeof(ulong)];
                BinaryPrimitives.WriteUInt64LittleEndian(headerLength, (ulong)header.Length);
                stream.Write(headerLength);
                stream.Write(header);
                foreach (var entry in layout)
                {
                    WriteData(entry, stream);
                }
            }

            File.Move(partialPath, path, overwrite: true);
        }
        catch
        {
            if (File.Exists(partialPath))
            {
                File.Delete(partialPath);
            }

            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="folder"/> as <c>model-0000K-of-0000N.safetensors</c>
    /// shards of at most <paramref name="maxShardBytes"/> of tensor data each (a larger tensor gets a shard of its
    /// own), filled in name order, then <c>model.safetensors.index.json</c> with <c>metadata.total_size</c>.
    /// The index is written last, so it never names a shard not yet written.
    /// </summary>
    public static void WriteSharded(
        string folder,
        IReadOnlyDictionary<string, torch.Tensor> tensors,
        long maxShardBytes,
        torch.ScalarType? storeAs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxShardBytes);
        var shards = new List<List<SafetensorsTensorInfo>>();
        var shardBytes = 0L;
        foreach (var entry in Layout(tensors, storeAs))
        {
            if (shards.Count == 0 || (shardBytes > 0 && shardBytes + entry.Info.DataLengthBytes > maxShardBytes))
            {
                shards.Add([]);
                shardBytes = 0;
            }

            shards[^1].Add(entry.Info);
            shardBytes += entry.Info.DataLengthBytes;
        }

        Directory.CreateDirectory(folder);
        var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var k = 0; k < shards.Count; k++)
        {
            var shardName = string.Create(CultureInfo.InvariantCulture, $"model-{k + 1:D5}-of-{shards.Count:D5}.safetensors");
            Write(Path.Combine(folder, shardName), shards[k].ToDictionary(info => info.Name, info => tensors[info.Name], StringComparer.Ordinal), ShardMetadata, storeAs);
            foreach (var info in shards[k])
            {
                weightMap.Add(info.Name, shardName);
            }
        }

        CheckpointIndex.Write(Path.Combine(folder, CheckpointIndex.FileName), weightMap, shards.Sum(shard => shard.Sum(info => info.DataLengthBytes)));
    }

    /// <summary>A tensor to write: its header entry, the tensor, and the type it is stored as.</summary>
    private sealed record Entry(SafetensorsTensorInfo Info, torch.Tensor Tensor, torch.ScalarType StoredType);

    /// <summary>Each tensor's entry in name order, offsets packed one after another from 0.</summary>
    private static List<Entry> Layout(IReadOnlyDictionary<string, torch.Tensor> tensors, torch.ScalarType? storeAs)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (storeAs is { } requested && requested is not (torch.ScalarType.Float32 or torch.ScalarType.Float16 or torch.ScalarType.BFloat16))
        {
            throw new ArgumentOutOfRangeException(nameof(storeAs), requested, "Checkpoints are stored as Float32, Float16 or BFloat16.");
        }

        var layout = new List<Entry>(tensors.Count);
        var offsetBytes = 0L;
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            ArgumentNullException.ThrowIfNull(tensor, name);
            if (name.Length == 0 || name == SafetensorsHeader.MetadataKey)
            {
                throw new ArgumentException($"'{name}' cannot name a tensor in a safetensors file.", nameof(tensors));
            }

            var storedType = storeAs is { } floating && SafetensorsDataTypes.IsFloating(tensor.dtype) ? floating : tensor.dtype;
            if (!SafetensorsDataTypes.TryGetName(storedType, out var dataType))
            {
                throw new ArgumentException($"{name}: {storedType} tensors cannot be stored in safetensors.", nameof(tensors));
            }

            SafetensorsDataTypes.TryGetSizeBytes(dataType, out var elementBytes);
            var info = new SafetensorsTensorInfo(name, dataType, tensor.shape, offsetBytes, tensor.numel() * elementBytes);
            layout.Add(new Entry(info, tensor, storedType));
            offsetBytes += info.DataLengthBytes;
        }

        return layout;
    }

    /// <summary>
    /// Streams one tensor's bytes. Copies: a conversion when the stored type or the device differs, a compaction
    /// when the tensor is not contiguous; then the bytes go from the tensor's storage to the file.
    /// </summary>
    private static void WriteData(Entry entry, Stream stream)
    {
        using var scope = torch.NewDisposeScope();
        var stored = entry.Tensor.detach().to(entry.StoredType, torch.CPU).contiguous();
        TensorBytes.Write(stored, stream);
    }
}
