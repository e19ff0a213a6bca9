using System.IO.MemoryMappedFiles;
using TorchSharp;

namespace SparseVila.Engine.Checkpoints;

/// <summary>
/// One safetensors file, memory-mapped read-only: an 8-byte little-endian header length N, N bytes of UTF-8
/// JSON describing each tensor, then the tensors' bytes. Opening reads and validates the header only; a
/// tensor's bytes are read from the mapping when it is loaded, never the whole file into managed memory.
/// Loads may run on several threads at once.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private const int HeaderLengthFieldBytes = 8;

    /// <summary>
    /// Hugging Face's reader refuses headers over 100 MB; a header of a real checkpoint is a few hundred KB,
    /// so a larger length means a file that is not safetensors.
    /// </summary>
    private const long MaxHeaderBytes = 100_000_000;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly SafetensorsHeader _header;
    private readonly long _dataStartBytes;
    private bool _disposed;

    private SafetensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, SafetensorsHeader header, long dataStartBytes)
    {
        Path = path;
        _map = map;
        _view = view;
        _header = header;
        _dataStartBytes = dataStartBytes;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Every tensor in the file, by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => _header.Tensors;

    /// <summary>The header's <c>__metadata__</c>, empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>
    /// Maps <paramref name="path"/> and validates its header. Throws <see cref="CheckpointException"/> when the
    /// file is missing, truncated (too short for the header length, a header or tensor running past its end),
    /// or its header is malformed (invalid JSON, unknown dtypes, offsets out of range, overlapping, or not matching
    /// a tensor's shape).
    /// </summary>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Safetensors data is little-endian and is loaded as is; this machine is big-endian.");
        }

        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new CheckpointException(fullPath, "the file does not exist.");
        }

        var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            var fileLengthBytes = stream.Length;
            if (fileLengthBytes < HeaderLengthFieldBytes)
            {
                throw new CheckpointException(fullPath,
                    $"the file is {fileLengthBytes} bytes, too short for the {HeaderLengthFieldBytes}-byte header length; it is truncated.");
            }

            map = MemoryMappedFile.CreateFromFile(stream, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            var headerLengthBytes = view.ReadUInt64(0);
            var afterLengthBytes = fileLengthBytes - HeaderLengthFieldBytes;
            if (headerLengthBytes > (ulong)afterLengthBytes)
            {
                throw new CheckpointException(fullPath,
                    $"the header length is {headerLengthBytes} bytes, past the end of the file ({fileLengthBytes} bytes); it is truncated or not safetensors.");
            }

            if (headerLengthBytes > MaxHeaderBytes)
            {
                throw new CheckpointException(fullPath,
                    $"the header length is {headerLengthBytes} bytes, more than the {MaxHeaderBytes} a safetensors header may have.");
            }

            var json = new byte[headerLengthBytes];
            view.SafeMemoryMappedViewHandle.ReadSpan((ulong)view.PointerOffset + HeaderLengthFieldBytes, json.AsSpan());
            var dataStartBytes = HeaderLengthFieldBytes + (long)headerLengthBytes;
            var header = SafetensorsHeader.Parse(fullPath, json, fileLengthBytes - dataStartBytes);
            return new SafetensorsFile(fullPath, map, view, header, dataStartBytes);
        }
        catch
        {
            view?.Dispose();
            map?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates tensor <paramref name="name"/> on <paramref name="device"/>. Floating tensors (F16, BF16, F32, F64)
    /// are converted to <paramref name="dtype"/>, which must then be floating; integer and BOOL tensors load as
    /// their own type whatever <paramref name="dtype"/> says. Throws <see cref="CheckpointException"/> for a name
    /// not in the file, a dtype TorchSharp has no type for (U16, U32, U64, F8), or a floating tensor asked for
    /// as an integer type.
    /// </summary>
    /// <remarks>
    /// Copies: the mapped bytes are copied once, straight into a CPU tensor of the stored type. When that is
    /// already the type and device asked for, it is returned as is; otherwise one conversion or transfer
    /// (<see cref="torch.Tensor.to(torch.ScalarType, torch.Device, bool, bool, bool)"/>) makes the result.
    /// </remarks>
    public torch.Tensor Load(string name, torch.ScalarType dtype, torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(device);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Tensors.TryGetValue(name, out var info))
        {
            throw new CheckpointException(Path, $"{name}: no such tensor in this file.");
        }

        if (!SafetensorsDataTypes.TryGetScalarType(info.DataType, out var storedType))
        {
            throw new CheckpointException(Path, $"{name}: dtype {info.DataType} cannot be loaded; loadable: {SafetensorsDataTypes.LoadableNames}.");
        }

        var storedIsFloating = SafetensorsDataTypes.IsFloating(storedType);
        if (storedIsFloating && !SafetensorsDataTypes.IsFloating(dtype))
        {
            throw new CheckpointException(Path, $"{name}: a {info.DataType} tensor cannot be loaded as {dtype}; ask for a floating type.");
        }

        using var stored = torch.empty(info.Shape, storedType, torch.CPU);
        TensorBytes.Read(_view.SafeMemoryMappedViewHandle, _view.PointerOffset + _dataStartBytes + info.DataOffsetBytes, stored);
        return stored.to(storedIsFloating ? dtype : storedType, device);
    }

    /// <summary>Unmaps the file. Tensors already loaded own their memory and stay valid.</summary>
    public void Dispose()
    {
        _disposed = true;
        _view.Dispose();
        _map.Dispose();
    }
}
