using System.Text.RegularExpressions;
using System.Xml.Linq;
using SparseVila.Infra.Tests.Support;

namespace SparseVila.Infra.Tests;

public sealed partial class DockerfileTests
{
    private static readonly string[] BuildInputs = ["global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "build"];

    public static TheoryData<string> Dockerfiles() => [.. Repository.Files("infra/docker", ".Dockerfile")];

    [Fact]
    public void ThereAreTheSiloAndGatewayImages() =>
        Assert.Equal(["infra/docker/Gateway.Dockerfile", "infra/docker/Silo.Dockerfile"], Repository.Files("infra/docker", ".Dockerfile"));

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void EveryFileCopiedFromTheContext_Exists_AndIsNotLeftOutByDockerIgnore(string path)
    {
        var ignore = DockerIgnore.Load(".dockerignore");
        var copies = Dockerfile.Load(path).ContextCopies;

        Assert.NotEmpty(copies);
        Assert.All(copies.SelectMany(copy => copy.Sources.Where(source => source != ".").Select(source => (source, copy.Instruction.Line))), item =>
        {
            var full = Repository.PathOf(item.source);
            Assert.True(File.Exists(full) || Directory.Exists(full), $"{path}:{item.Line} copies {item.source}, which does not exist.");
            Assert.Null(ignore.ExcludedBy(item.source));
        });
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void ThePublishedProject_IsInTheSolution_AndTheEntrypointRunsItsAssembly(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var publish = Assert.Single(dockerfile.DotnetRuns("publish"));

        Assert.Contains(publish.Project, Repository.SolutionProjects());
        Assert.Equal(["dotnet", AssemblyName(publish.Project) + ".dll"], dockerfile.Entrypoint);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void EveryProjectThePublishedOneNeeds_IsCopiedBeforeRestore_AndSentInTheContext(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var publish = Assert.Single(dockerfile.DotnetRuns("publish"));
        var restore = Assert.Single(dockerfile.DotnetRuns("restore"));
        var copiedBeforeRestore = dockerfile.ContextCopies
            .Where(copy => copy.Instruction.Line < restore.Instruction.Line)
            .SelectMany(copy => copy.Sources.Select(source => source.TrimEnd('/')))
            .ToHashSet(StringComparer.Ordinal);
        var ignore = DockerIgnore.Load(".dockerignore");

        Assert.Equal(publish.Project, restore.Project);
        Assert.All(BuildInputs, input => Assert.Contains(input, copiedBeforeRestore));
        Assert.All(ProjectClosure(publish.Project), project =>
        {
            Assert.Contains(project, copiedBeforeRestore);
            Assert.Null(ignore.ExcludedBy(Path.GetDirectoryName(project)!.Replace('\\', '/')));
        });
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void RestoreAndPublish_TargetOneRuntime(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var restore = Assert.Single(dockerfile.DotnetRuns("restore"));
        var publish = Assert.Single(dockerfile.DotnetRuns("publish"));

        // publish --no-restore fails unless restore produced assets for the same runtime identifier.
        Assert.Contains("--no-restore", publish.Arguments, StringComparison.Ordinal);
        Assert.Equal(RuntimeIdentifier(restore.Arguments), RuntimeIdentifier(publish.Arguments));
        Assert.NotNull(RuntimeIdentifier(publish.Arguments));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void BuildAndRuntimeStages_StandOnOneDistro_ForTheTorchSharpNativeFix(string path)
    {
        var stages = Dockerfile.Load(path).Stages.Select(stage => stage.Arguments.Split(' ')[0]).ToList();

        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", stages[1], StringComparison.Ordinal);
        Assert.Equal(stages[0].Split(':')[1], stages[1].Split(':')[1]);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void TheRuntimeImage_HasFfmpeg_RunsUnprivileged_AndExposesItsHttpPort(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var final = dockerfile.FinalStage;
        var user = final.LastOrDefault(i => i.Keyword == "USER")?.Arguments;
        var urls = dockerfile.FinalEnvironment("Urls");

        Assert.Contains(final, i => i.Keyword == "RUN" && i.Arguments.Contains("apt-get install", StringComparison.Ordinal) && i.Arguments.Contains(" ffmpeg", StringComparison.Ordinal));
        Assert.NotNull(user);
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.NotNull(urls);
        var port = new Uri(urls.Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(final, i => i.Keyword == "EXPOSE" && i.Arguments.Split(' ').Contains(port));
    }

    [Fact]
    public void DockerIgnore_SendsTheShippedModel_AndLeavesOutBuildOutputAndOtherModels()
    {
        var ignore = DockerIgnore.Load(".dockerignore");

        Assert.Null(ignore.ExcludedBy("models/shapes-demo/config.json"));
        Assert.Null(ignore.ExcludedBy("Silo/Program.cs"));
        Assert.NotNull(ignore.ExcludedBy("models/qwen2-vl-7b/model.safetensors"));
        Assert.NotNull(ignore.ExcludedBy("Silo/bin/Release/net10.0/SparseVila.Silo.dll"));
        Assert.NotNull(ignore.ExcludedBy("Engine/obj/project.assets.json"));
        Assert.NotNull(ignore.ExcludedBy(".cluster/logs/silo-1.log"));
    }

    /// <summary>The project and every project it references, transitively, relative to the repository.</summary>
    private static List<string> ProjectClosure(string project)
    {
        var found = new List<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (found.Contains(current))
            {
                continue;
            }

            found.Add(current);
            var folder = Path.GetDirectoryName(Repository.PathOf(current))!;
            foreach (var reference in XDocument.Load(Repository.PathOf(current)).Descendants("ProjectReference"))
            {
                pending.Push(Repository.Relative(Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value))));
            }
        }

        return found;
    }

    private static string AssemblyName(string project) =>
        XDocument.Load(Repository.PathOf(project)).Descendants("AssemblyName").FirstOrDefault()?.Value
        ?? Path.GetFileNameWithoutExtension(project);

    private static string? RuntimeIdentifier(string arguments) =>
        RuntimeOption().Match(arguments) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"(?:-r|--runtime)\s+(\S+)")]
    private static partial Regex RuntimeOption();
}
