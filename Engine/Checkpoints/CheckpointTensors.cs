using TorchSharp;

namespace SparseVila.Engine.Checkpoints;

/// <summary>
/// The tensors of a Hugging Face checkpoint folder, sharded or not, by name. Every file is mapped and its
/// header validated when the folder is opened; tensors are read when loaded.
/// </summary>
public sealed class CheckpointTensors : IDisposable
{
    /// <summary>The file of an unsharded checkpoint.</summary>
    public const string SingleFileName = "model.safetensors";

    private readonly IReadOnlyList<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _fileOfTensor;

    private CheckpointTensors(string folder, IReadOnlyList<SafetensorsFile> files, Dictionary<string, SafetensorsFile> fileOfTensor)
    {
        Folder = folder;
        _files = files;
        _fileOfTensor = fileOfTensor;
        Names = _fileOfTensor.Keys.Order(StringComparer.Ordinal).ToList().AsReadOnly();
    }

    /// <summary>The checkpoint folder's full path.</summary>
    public string Folder { get; }

    /// <summary>Every tensor's name, in ordinal order.</summary>
    public IReadOnlyCollection<string> Names { get; }

    /// <summary>The full path of every safetensors file opened, in ordinal order.</summary>
    public IReadOnlyList<string> FilePaths => [.. _files.Select(file => file.Path).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Opens <paramref name="folder"/>: the shards named by <c>model.safetensors.index.json</c> when there is one,
    /// else <c>model.safetensors</c>, else the folder's only <c>*.safetensors</c> file. Throws
    /// <see cref="CheckpointException"/> when there is no such file (or several and no index), when a shard the
    /// index names is missing or does not hold a tensor the index lists, or when a file is malformed.
    /// </summary>
    public static CheckpointTensors Open(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var fullFolder = Path.GetFullPath(folder);
        if (!Directory.Exists(fullFolder))
        {
            throw new CheckpointException(fullFolder, "the checkpoint folder does not exist.");
        }

        var indexPath = Path.Combine(fullFolder, CheckpointIndex.FileName);
        if (File.Exists(indexPath))
        {
            return OpenSharded(fullFolder, indexPath);
        }

        var singlePath = Path.Combine(fullFolder, SingleFileName);
        if (File.Exists(singlePath))
        {
            return OpenSingle(fullFolder, singlePath);
        }

        var candidates = Directory.GetFiles(fullFolder, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        return candidates.Length switch
        {
            1 => OpenSingle(fullFolder, candidates[0]),
            0 => throw new CheckpointException(fullFolder,
                $"the folder holds neither {CheckpointIndex.FileName}, {SingleFileName} nor any other *.safetensors file."),
            _ => throw new CheckpointException(fullFolder,
                $"the folder holds {candidates.Length} *.safetensors files ({string.Join(", ", candidates.Select(Path.GetFileName))}) "
                + $"but no {CheckpointIndex.FileName} saying how they go together."),
        };
    }

    /// <summary>Whether the checkpoint holds tensor <paramref name="name"/>.</summary>
    public bool Contains(string name) => _fileOfTensor.ContainsKey(name);

    /// <summary>The header entry of tensor <paramref name="name"/>; throws <see cref="CheckpointException"/> when there is none.</summary>
    public SafetensorsTensorInfo Info(string name) => FileOf(name).Tensors[name];

    /// <summary>Loads tensor <paramref name="name"/> as <see cref="SafetensorsFile.Load"/> does, from the shard that holds it.</summary>
    public torch.Tensor Load(string name, torch.ScalarType dtype, torch.Device device) => FileOf(name).Load(name, dtype, device);

    /// <summary>Unmaps every file. Tensors already loaded stay valid.</summary>
    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    private SafetensorsFile FileOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _fileOfTensor.TryGetValue(name, out var file)
            ? file
            : throw new CheckpointException(Folder, $"{name}: no such tensor in this checkpoint.");
    }

    private static CheckpointTensors OpenSingle(string folder, string path)
    {
        var file = SafetensorsFile.Open(path);
        return new CheckpointTensors(folder, [file], file.Tensors.Keys.ToDictionary(name => name, _ => file, StringComparer.Ordinal));
    }

    /// <summary>Opens every shard the index names, reporting every missing shard, malformed shard and missing tensor at once.</summary>
    private static CheckpointTensors OpenSharded(string folder, string indexPath)
    {
        var weightMap = CheckpointIndex.ReadWeightMap(indexPath);
        var problems = new List<string>();
        var shards = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            foreach (var shardGroup in weightMap.GroupBy(entry => entry.Value, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var shardPath = Path.Combine(folder, shardGroup.Key);
                if (!File.Exists(shardPath))
                {
                    problems.Add($"shard {shardGroup.Key} is missing; the index puts {shardGroup.Count()} tensors in it, e.g. {shardGroup.First().Key}.");
                    continue;
                }

                try
                {
                    shards.Add(shardGroup.Key, SafetensorsFile.Open(shardPath));
                }
                catch (CheckpointException error)
                {
                    problems.AddRange(error.Problems.Select(problem => $"shard {shardGroup.Key}: {problem}"));
                }
            }

            var fileOfTensor = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var (name, shardName) in weightMap)
            {
                if (!shards.TryGetValue(shardName, out var shard))
                {
                    continue;
                }

                if (shard.Tensors.ContainsKey(name))
                {
                    fileOfTensor.Add(name, shard);
                }
                else
                {
                    problems.Add($"{name}: the index puts it in shard {shardName}, which does not hold it.");
                }
            }

            return problems.Count == 0
                ? new CheckpointTensors(folder, [.. shards.Values], fileOfTensor)
                : throw new CheckpointException(indexPath, problems);
        }
        catch
        {
            foreach (var shard in shards.Values)
            {
                shard.Dispose();
            }

            throw;
        }
    }
}
