using System.Text.Json;
using System.Text.RegularExpressions;

namespace SparseVila.Infra.Tests.Support;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
/// <param name="Keyword">FROM, COPY, RUN… in upper case.</param>
/// <param name="Arguments">The rest of the instruction.</param>
/// <param name="Line">Its first line, 1-based.</param>
/// <param name="Stage">The index of the build stage it belongs to (0 for instructions before the first FROM's stage).</param>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line, int Stage);

/// <summary>A COPY without <c>--from</c>: files from the build context.</summary>
/// <param name="Sources">Paths relative to the context.</param>
/// <param name="Instruction">Where it stands.</param>
internal sealed record ContextCopy(IReadOnlyList<string> Sources, DockerInstruction Instruction);

/// <summary>A Dockerfile read into its instructions: enough to check what it copies, builds and runs.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions) => (Path, Instructions) = (path, instructions);

    /// <summary>The file, relative to the repository.</summary>
    public string Path { get; }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>The FROM instructions, one a stage.</summary>
    public IReadOnlyList<DockerInstruction> Stages => [.. Instructions.Where(i => i.Keyword == "FROM")];

    /// <summary>The instructions of the last stage: the image that runs.</summary>
    public IReadOnlyList<DockerInstruction> FinalStage => [.. Instructions.Where(i => i.Stage == Stages.Count - 1)];

    /// <summary>Every COPY from the build context, in order.</summary>
    public IReadOnlyList<ContextCopy> ContextCopies =>
    [
        .. Instructions.Where(i => i.Keyword is "COPY" or "ADD")
            .Select(i => (Instruction: i, Words: i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Where(c => !c.Words.Any(w => w.StartsWith("--from=", StringComparison.Ordinal)))
            .Select(c => new ContextCopy([.. c.Words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1)], c.Instruction)),
    ];

    /// <summary>The projects named by <c>dotnet restore</c> or <c>dotnet publish</c> (<paramref name="verb"/>) in RUN instructions, with their arguments.</summary>
    public IReadOnlyList<(string Project, string Arguments, DockerInstruction Instruction)> DotnetRuns(string verb) =>
    [
        .. Instructions.Where(i => i.Keyword == "RUN")
            .SelectMany(i => DotnetCommand().Matches(i.Arguments)
                .Where(m => m.Groups["verb"].Value == verb)
                .Select(m => (m.Groups["project"].Value, m.Groups["rest"].Value, i))),
    ];

    /// <summary>The exec-form ENTRYPOINT of the final stage, or null.</summary>
    public IReadOnlyList<string>? Entrypoint =>
        FinalStage.LastOrDefault(i => i.Keyword == "ENTRYPOINT") is { } entrypoint
            ? JsonSerializer.Deserialize<string[]>(entrypoint.Arguments)
            : null;

    /// <summary>The value an ENV of the final stage gives <paramref name="name"/>, or null.</summary>
    public string? FinalEnvironment(string name) =>
        FinalStage.Where(i => i.Keyword == "ENV")
            .Select(i => i.Arguments.Split('=', 2))
            .LastOrDefault(pair => pair.Length == 2 && pair[0].Trim() == name)?[1].Trim();

    public static Dockerfile Load(string relativePath) => Parse(File.ReadAllText(Repository.PathOf(relativePath)), relativePath);

    public static Dockerfile Parse(string text, string path)
    {
        var instructions = new List<DockerInstruction>();
        var lines = text.Split('\n');
        var stage = -1;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var first = index;
            while (line.EndsWith('\\') && index + 1 < lines.Length)
            {
                var next = lines[++index].Trim();
                line = line[..^1].TrimEnd() + (next.StartsWith('#') ? string.Empty : " " + next);
            }

            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            var keyword = parts[0].ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerInstruction(keyword, parts.Length > 1 ? parts[1].Trim() : string.Empty, first + 1, Math.Max(stage, 0)));
        }

        return new Dockerfile(path, instructions);
    }

    [GeneratedRegex(@"dotnet\s+(?<verb>restore|publish)\s+(?<project>\S+\.csproj)(?<rest>[^&;|]*)")]
    private static partial Regex DotnetCommand();
}
