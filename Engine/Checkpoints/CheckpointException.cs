namespace SparseVila.Engine.Checkpoints;

/// <summary>
/// A checkpoint that cannot be read or does not fit the model: a file or folder not found, a truncated
/// or malformed safetensors file, a tensor missing, unexpected or of the wrong shape. Every problem
/// found is listed, each naming the tensor at fault; the message names the file or folder.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception for one problem with <paramref name="path"/>.</summary>
    public CheckpointException(string path, string problem)
        : this(path, [problem])
    {
    }

    /// <summary>Creates the exception for every problem found with <paramref name="path"/>; there is at least one.</summary>
    public CheckpointException(string path, IReadOnlyList<string> problems)
        : base(Describe(path, problems))
    {
        Path = path;
        Problems = problems;
    }

    /// <summary>The checkpoint file or folder at fault.</summary>
    public string Path { get; }

    /// <summary>Each problem found, one sentence each, naming the tensor where there is one.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(string path, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("A checkpoint exception needs at least one problem.", nameof(problems));
        }

        return problems.Count == 1
            ? $"Checkpoint {path}: {problems[0]}"
            : $"Checkpoint {path} has {problems.Count} problems:{Environment.NewLine}  - "
              + string.Join(Environment.NewLine + "  - ", problems);
    }
}
