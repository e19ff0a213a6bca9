using SparseVila.Infra.Tests.Support;
using SparseVila.Silo.Health;

namespace SparseVila.Infra.Tests;

/// <summary>The local cluster's scripts, without starting anything: syntax, and the recipes start.sh --dry-run writes.</summary>
public sealed class LocalClusterScriptTests
{
    public static TheoryData<string> Scripts() => [.. Repository.Files("infra", ".sh"), .. Repository.Files("scripts", ".sh")];

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task EveryScript_PassesBashSyntaxCheck(string path)
    {
        var check = await Bash.RunAsync(["-n", path], TestContext.Current.CancellationToken);

        Assert.True(check.ExitCode == 0, $"bash -n {path}: {check.Error}");
    }

    [Fact]
    public async Task TheSyntaxCheck_RejectsBrokenBash()
    {
        var check = await Bash.RunAsync(["-n", "-c", "if true; then echo"], TestContext.Current.CancellationToken);

        Assert.NotEqual(0, check.ExitCode);
    }

    [Fact]
    public async Task DryRun_DescribesRedisAzuriteTheAskedSilosAndTheGateway_OnDistinctLoopbackPorts()
    {
        var processes = await LocalCluster.DryRunAsync(["--gpu-silos", "3", "--gateway-port", "18765"], TestContext.Current.CancellationToken);

        Assert.Equal(["azurite", "gateway", "redis", "silo-1", "silo-2", "silo-3"], processes.Select(p => p.Name));
        var gateway = processes.Single(p => p.Name == "gateway");
        Assert.Equal("http://127.0.0.1:18765", gateway.Variables["Urls"]);
        Assert.Equal("None", gateway.Variables["Gateway__Silo"]);
        var ports = processes.SelectMany(Ports).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.Equal(3 * 3 + 3, ports.Count);
    }

    [Fact]
    public async Task DryRun_SilosAndGateway_RunTheBuiltProgramsOfTheSolution_AndAreAwaitedOnTheirReadyz()
    {
        var processes = await LocalCluster.DryRunAsync([], TestContext.Current.CancellationToken);
        var solution = Repository.SolutionProjects();

        var apps = processes.Where(p => p.Name.StartsWith("silo-", StringComparison.Ordinal) || p.Name == "gateway").ToList();
        Assert.Equal(3, apps.Count);
        Assert.All(apps, app =>
        {
            var program = app.Command.Single(word => word.EndsWith(".dll", StringComparison.Ordinal));
            var project = solution.Single(p => Path.GetFileNameWithoutExtension(p) + ".dll" == program);
            Assert.Equal(Repository.PathOf($"{Path.GetDirectoryName(project)}/bin/Release/net10.0"), app.Folder);
            Assert.Equal(app.Variables["Urls"] + HealthEndpoints.ReadinessPath, app.Ready);
            Assert.StartsWith("http://127.0.0.1:", app.Variables["Urls"], StringComparison.Ordinal);
        });
        Assert.All(apps.Where(a => a.Name != "gateway"), silo =>
        {
            Assert.Equal("gpu", silo.Variables["Silo__Role"]);
            Assert.Equal("127.0.0.1", silo.Variables["Orleans__AdvertisedIPAddress"]);
        });
    }

    [Fact]
    public async Task Start_RefusesABadOption_BeforeDoingAnything()
    {
        var run = await Bash.RunAsync([LocalCluster.StartScript, "--gpu-silos", "two", "--dry-run"], TestContext.Current.CancellationToken);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'two'", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Every port a process takes: Redis's and Azurite's, each silo's two Orleans ports and every HTTP port.</summary>
    private static IEnumerable<int> Ports(LocalProcess process)
    {
        if (int.TryParse(process.Ready, out var port))
        {
            yield return port;
        }

        foreach (var (name, value) in process.Variables)
        {
            if (name is "Orleans__SiloPort" or "Orleans__GatewayPort")
            {
                yield return int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name == "Urls")
            {
                yield return new Uri(value).Port;
            }
        }
    }
}
