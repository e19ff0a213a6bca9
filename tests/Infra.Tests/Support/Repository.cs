namespace SparseVila.Infra.Tests.Support;

/// <summary>The repository this test runs from: found by walking up from the test's output folder to the solution.</summary>
internal static class Repository
{
    public const string SolutionFileName = "SparseVila.Orleans.sln";

    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>The repository's root folder.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>The absolute path of <paramref name="relativePath"/> (forward slashes) in the repository.</summary>
    public static string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    /// <summary><paramref name="absolutePath"/> relative to the root, with forward slashes.</summary>
    public static string Relative(string absolutePath) => Path.GetRelativePath(Root, absolutePath).Replace('\\', '/');

    /// <summary>Files under <paramref name="relativeFolder"/> whose names end with one of <paramref name="suffixes"/>, sorted.</summary>
    public static IReadOnlyList<string> Files(string relativeFolder, params string[] suffixes) =>
        Directory.EnumerateFiles(PathOf(relativeFolder), "*", SearchOption.AllDirectories)
            .Where(file => suffixes.Any(suffix => file.EndsWith(suffix, StringComparison.Ordinal)))
            .Select(Relative)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The project files the solution lists, relative to the root.</summary>
    public static IReadOnlySet<string> SolutionProjects()
    {
        var solution = File.ReadAllText(PathOf(SolutionFileName));
        return System.Text.RegularExpressions.Regex.Matches(solution, "\"([^\"]+\\.csproj)\"")
            .Select(match => match.Groups[1].Value.Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFileName)))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFileName} above {AppContext.BaseDirectory}.");
    }
}
