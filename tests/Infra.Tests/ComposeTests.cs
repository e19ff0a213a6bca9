using SparseVila.Infra.Tests.Support;
using SparseVila.Silo.Health;

namespace SparseVila.Infra.Tests;

public sealed class ComposeTests
{
    private static readonly YamlNode Compose = ComposeFile.Load();

    [Fact]
    public void EveryBuiltService_BuildsFromTheRepositoryRoot_WithADockerfileThatExists_AndNamesItsImage()
    {
        var built = ComposeFile.Services(Compose).Where(s => s.Value["build"].Exists).ToList();

        Assert.NotEmpty(built);
        Assert.All(built, service =>
        {
            Assert.Equal(".", ComposeFile.ContextOf(service.Value));
            var dockerfile = ComposeFile.DockerfileOf(service.Value)!;
            Assert.True(File.Exists(Repository.PathOf(dockerfile)), $"service {service.Key} builds {dockerfile}, which does not exist.");
            Assert.False(string.IsNullOrWhiteSpace(service.Value["image"].Text), $"service {service.Key} builds an image without naming it.");
        });
    }

    [Fact]
    public void TheTopology_IsRedisAzuriteTwoGpuSilosAndAClientOnlyGateway()
    {
        var containers = ComposeFile.AppContainers();

        Assert.Equal(2, containers.Count(c => c.IsSilo && c.Setting("Silo:Role") == "gpu"));
        var gateway = Assert.Single(containers, c => c.IsGateway);
        Assert.Equal("None", gateway.Setting("Gateway:Silo"));
        Assert.All(containers, c => Assert.Equal("Redis", c.Setting("Orleans:Clustering")));
        Assert.All(containers, c => Assert.Equal("AzureBlob", c.Setting("Storage:Provider")));
    }

    [Fact]
    public void EveryServiceWaitedOnUntilHealthy_HasAHealthCheck()
    {
        var services = ComposeFile.Services(Compose).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var waits = services.SelectMany(s => s.Value["depends_on"].Entries.Select(d => (Service: s.Key, Target: d.Key, Condition: d.Value["condition"].Text))).ToList();

        Assert.NotEmpty(waits);
        Assert.All(waits, wait =>
        {
            Assert.True(services.ContainsKey(wait.Target), $"{wait.Service} depends on {wait.Target}, which is not a service.");
            Assert.Equal("service_healthy", wait.Condition);
            Assert.True(services[wait.Target]["healthcheck"]["test"].Items.Any(), $"{wait.Service} waits for {wait.Target} to be healthy, which has no health check.");
        });
    }

    [Fact]
    public void EveryAppService_WaitsForTheServicesItsConnectionStringsName_ItselfOrThroughWhatItWaitsFor()
    {
        var services = ComposeFile.Services(Compose).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        foreach (var (name, service) in services.Where(s => s.Value["build"].Exists))
        {
            var environment = ComposeFile.Environment(service);
            var hosts = new[]
            {
                environment["ConnectionStrings__Redis"].Split(',')[0].Split(':')[0],
                new Uri(environment["ConnectionStrings__Blobs"].Split(';').Single(p => p.StartsWith("BlobEndpoint=", StringComparison.Ordinal))["BlobEndpoint=".Length..]).Host,
            };
            Assert.All(hosts, host =>
            {
                Assert.True(services.ContainsKey(host), $"service {name} connects to '{host}', which is not a service.");
                Assert.Contains(host, HealthyDependencies(services, name));
            });
        }
    }

    [Fact]
    public void TheClientOnlyGateway_WaitsForEverySiloToBeReady()
    {
        var services = ComposeFile.Services(Compose).ToList();
        var programs = ComposeFile.ImagePrograms();
        var silos = services.Where(s => s.Value["image"].Text is { } image && programs.GetValueOrDefault(ComposeFile.ImageRepository(image)) == AppContainer.SiloProgram).Select(s => s.Key).ToList();
        var gateway = services.Single(s => ComposeFile.Environment(s.Value).GetValueOrDefault("Gateway__Silo") == "None").Value;

        Assert.NotEmpty(silos);
        Assert.All(silos, silo => Assert.Equal("service_healthy", gateway["depends_on"][silo]["condition"].Text));
    }

    [Fact]
    public void AppHealthChecks_AskReadiness_OnThePortTheImageListensOn()
    {
        foreach (var (name, service) in ComposeFile.Services(Compose).Where(s => s.Value["build"].Exists))
        {
            var urls = Dockerfile.Load(ComposeFile.DockerfileOf(service)!).FinalEnvironment("Urls")!;
            var port = new Uri(urls.Replace("+", "localhost", StringComparison.Ordinal)).Port;
            var test = string.Join(' ', service["healthcheck"]["test"].Items.Select(i => i.Text));

            Assert.Contains($":{port}{HealthEndpoints.ReadinessPath}", test, StringComparison.Ordinal);
            Assert.True(
                service["ports"].Items.All(p => p.RequiredText.EndsWith($":{port}", StringComparison.Ordinal)),
                $"service {name} publishes a port other than {port}, where it listens.");
        }
    }

    [Fact]
    public void TheGpuOverlay_GivesEveryGpuSiloOneNvidiaGpu_AndNothingElse()
    {
        var overlay = YamlNode.Load(ComposeFile.GpuOverlayPath).Single();
        var gpuSilos = ComposeFile.Services(Compose)
            .Where(s => s.Value["build"].Exists && ComposeFile.Environment(s.Value).GetValueOrDefault("Silo__Role") == "gpu")
            .Select(s => s.Key)
            .Order(StringComparer.Ordinal);

        Assert.Equal(gpuSilos, overlay["services"].Entries.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.All(overlay["services"].Entries, service =>
        {
            var device = Assert.Single(service.Value["deploy"]["resources"]["reservations"]["devices"].Items);
            Assert.Equal("nvidia", device["driver"].Text);
            Assert.Equal("1", device["count"].Text);
            Assert.Contains("gpu", device["capabilities"].Items.Select(c => c.Text));
        });
    }

    /// <summary>The services <paramref name="name"/> waits to be healthy, directly or through those it waits for.</summary>
    private static HashSet<string> HealthyDependencies(Dictionary<string, YamlNode> services, string name)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out var current))
        {
            foreach (var (target, wait) in services[current]["depends_on"].Entries)
            {
                if (wait["condition"].Text == "service_healthy" && found.Add(target))
                {
                    pending.Push(target);
                }
            }
        }

        return found;
    }
}
