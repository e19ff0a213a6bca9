using static TorchSharp.torch;

namespace SparseVila.Engine.Checkpoints;

/// <summary>The element types of the safetensors format: their names in the file, sizes, and TorchSharp types.</summary>
internal static class SafetensorsDataTypes
{
    /// <summary>One element type: its name in a header, its size, and the TorchSharp type it loads as (null: info only).</summary>
    private sealed record Entry(string Name, int SizeBytes, ScalarType? ScalarType);

    private static readonly Entry[] Entries =
    [
        new("BOOL", 1, ScalarType.Bool),
        new("U8", 1, ScalarType.Byte),
        new("I8", 1, ScalarType.Int8),
        new("I16", 2, ScalarType.Int16),
        new("I32", 4, ScalarType.Int32),
        new("I64", 8, ScalarType.Int64),
        new("F16", 2, ScalarType.Float16),
        new("BF16", 2, ScalarType.BFloat16),
        new("F32", 4, ScalarType.Float32),
        new("F64", 8, ScalarType.Float64),
        // Described in headers, but TorchSharp 0.107 has no tensor type for them.
        new("U16", 2, null),
        new("U32", 4, null),
        new("U64", 8, null),
        new("F8_E4M3", 1, null),
        new("F8_E5M2", 1, null),
    ];

    /// <summary>The names a header may use, for messages.</summary>
    public static string KnownNames { get; } = string.Join(", ", Entries.Select(e => e.Name));

    /// <summary>The names <see cref="TryGetScalarType"/> accepts, for messages.</summary>
    public static string LoadableNames { get; } = string.Join(", ", Entries.Where(e => e.ScalarType is not null).Select(e => e.Name));

    /// <summary>The size of one element of <paramref name="dataType"/> (a name as in a header); false when the name is unknown.</summary>
    public static bool TryGetSizeBytes(string dataType, out int sizeBytes)
    {
        var entry = Find(dataType);
        sizeBytes = entry?.SizeBytes ?? 0;
        return entry is not null;
    }

    /// <summary>The TorchSharp type a <paramref name="dataType"/> tensor loads as; false when it cannot be loaded.</summary>
    public static bool TryGetScalarType(string dataType, out ScalarType scalarType)
    {
        var loaded = Find(dataType)?.ScalarType;
        scalarType = loaded ?? default;
        return loaded is not null;
    }

    /// <summary>The header name of <paramref name="scalarType"/>; false for types the format cannot hold (complex, quantized).</summary>
    public static bool TryGetName(ScalarType scalarType, out string name)
    {
        var entry = Array.Find(Entries, e => e.ScalarType == scalarType);
        name = entry?.Name ?? "";
        return entry is not null;
    }

    /// <summary>Whether <paramref name="scalarType"/> is one of the floating types a checkpoint stores.</summary>
    public static bool IsFloating(ScalarType scalarType) =>
        scalarType is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    private static Entry? Find(string dataType) => Array.Find(Entries, e => e.Name == dataType);
}
