using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SparseVila.Engine.Checkpoints;

namespace SparseVila.Engine.Storage;

/// <summary>
/// What identifies a model for its caches: <c>sha256:</c> and the SHA-256 of its <c>config.json</c>, every tensor's name,
/// dtype and shape in name order, and every byte of its safetensors files in name order. Another model, another
/// configuration or one changed weight gives another fingerprint; the folder's location does not count.
/// </summary>
public static class ModelFingerprint
{
    /// <summary>The configuration file hashed.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>1 MiB: large enough that hashing is bound by the disk, small enough to stay out of the large object heap's way.</summary>
    private const int ReadBufferBytes = 1 << 20;

    /// <summary>
    /// The fingerprint of the checkpoint in <paramref name="checkpointFolder"/>, streaming its files (a model of any size
    /// takes one buffer of memory, and as long as reading it once). Throws <see cref="CheckpointException"/> when the folder,
    /// its <c>config.json</c> or its safetensors files are missing or malformed.
    /// </summary>
    public static string Compute(string checkpointFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointFolder);
        using var tensors = CheckpointTensors.Open(checkpointFolder);
        var configPath = Path.Combine(tensors.Folder, ConfigFileName);
        if (!File.Exists(configPath))
        {
            throw new CheckpointException(tensors.Folder, $"the folder has no {ConfigFileName} to fingerprint.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendText(hash, "sparsevila-model-fingerprint-v1\n");
        AppendFile(hash, ConfigFileName, configPath);
        AppendText(hash, "tensors\n");
        foreach (var name in tensors.Names)
        {
            var info = tensors.Info(name);
            AppendText(hash, $"{name}\t{info.DataType}\t{string.Join(',', info.Shape.Select(size => size.ToString(CultureInfo.InvariantCulture)))}\n");
        }

        foreach (var path in tensors.FilePaths)
        {
            AppendFile(hash, Path.GetFileName(path), path);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendText(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));

    /// <summary>Appends the file's name and length, then its bytes, so that no two sets of files hash alike by running together.</summary>
    private static void AppendFile(IncrementalHash hash, string name, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        AppendText(hash, $"file\t{name}\t");
        Span<byte> length = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(length, stream.Length);
        hash.AppendData(length);
        var buffer = new byte[ReadBufferBytes];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }
}
