namespace SparseVila.Infra.Tests.Support;

/// <summary>One process of the local cluster as infra/local/start.sh --dry-run writes its recipe (nothing is started).</summary>
/// <param name="Name">redis, azurite, silo-1…, gateway.</param>
/// <param name="Folder">Where it is started.</param>
/// <param name="Command">The command line.</param>
/// <param name="Variables">The environment it is given on top of the caller's.</param>
/// <param name="Ready">Its readiness URL, or the TCP port that tells it is up.</param>
internal sealed record LocalProcess(string Name, string Folder, IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Variables, string Ready);

internal static class LocalCluster
{
    public const string StartScript = "infra/local/start.sh";

    /// <summary>Runs start.sh --dry-run with <paramref name="arguments"/> into a new folder and reads the recipes it wrote.</summary>
    public static async Task<IReadOnlyList<LocalProcess>> DryRunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("sparsevila-infra-");
        try
        {
            var run = await Bash.RunAsync([StartScript, "--dry-run", "--dir", folder.FullName, .. arguments], cancellationToken).ConfigureAwait(false);
            if (run.ExitCode != 0)
            {
                throw new Xunit.Sdk.XunitException($"{StartScript} --dry-run exited with {run.ExitCode}: {run.Error}");
            }

            var processes = new List<LocalProcess>();
            foreach (var recipe in Directory.EnumerateFiles(Path.Combine(folder.FullName, "run"), "*.env").Order(StringComparer.Ordinal))
            {
                processes.Add(await ReadRecipeAsync(recipe, cancellationToken).ConfigureAwait(false));
            }

            return processes;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Reads a recipe the way lib.sh does, by sourcing it in bash.</summary>
    private static async Task<LocalProcess> ReadRecipeAsync(string recipe, CancellationToken cancellationToken)
    {
        const string Print = """
            source "$1"
            printf 'dir\t%s\n' "$launch_dir"
            printf 'cmd\t%s\n' "${launch_cmd[@]}"
            for v in "${launch_env[@]}"; do printf 'env\t%s\n' "$v"; done
            printf 'ready\t%s\n' "${ready_url:-$ready_port}"
            """;
        var run = await Bash.RunAsync(["-c", Print, "recipe", recipe], cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"{recipe} cannot be sourced: {run.Error}");
        }

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t', 2)).ToList();
        var variables = lines.Where(l => l[0] == "env").Select(l => l[1].Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new LocalProcess(
            Path.GetFileNameWithoutExtension(recipe),
            lines.Single(l => l[0] == "dir")[1],
            [.. lines.Where(l => l[0] == "cmd").Select(l => l[1])],
            variables,
            lines.Single(l => l[0] == "ready")[1]);
    }

    /// <summary>The silos and the Gateway among the processes, as app containers.</summary>
    public static IReadOnlyList<AppContainer> AppContainers(IReadOnlyList<LocalProcess> processes) =>
    [
        .. processes.Where(p => p.Command.Any(word => word.EndsWith(".dll", StringComparison.Ordinal)))
            .Select(p => new AppContainer($"{StartScript} process {p.Name}", p.Command.Last(w => w.EndsWith(".dll", StringComparison.Ordinal)), p.Variables, new Dictionary<string, string>())),
    ];
}
