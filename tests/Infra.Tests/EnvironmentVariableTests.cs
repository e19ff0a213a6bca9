using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SparseVila.Gateway.Hosting;
using SparseVila.Infra.Tests.Support;
using SparseVila.Silo.Hosting;

namespace SparseVila.Infra.Tests;

/// <summary>
/// Every environment variable that docker-compose, the Kubernetes manifests and infra/local give a silo or the Gateway
/// is a setting the code binds and docs/configuration.md documents (or one that Orleans' Kubernetes hosting reads), and
/// the settings of each process pass the same validation the process runs at start.
/// </summary>
public sealed class EnvironmentVariableTests
{
    private const string KubernetesHostingOptionsType = "Orleans.Hosting.Kubernetes.KubernetesHostingOptions, Orleans.Hosting.Kubernetes";
    private static readonly ConfigurationKeys Keys = ConfigurationKeys.Read();

    public static TheoryData<string> Deployments() => ["compose", "kubernetes", "local"];

    [Theory]
    [MemberData(nameof(Deployments))]
    public async Task EveryVariable_IsASettingTheCodeBindsAndTheDocsDocument(string deployment)
    {
        var containers = await AppContainersAsync(deployment);
        var problems = new List<string>();
        foreach (var container in containers)
        {
            foreach (var name in container.Variables.Keys)
            {
                if (IsKubernetesHostingVariable(name))
                {
                    if (!string.Equals(container.Setting("Orleans:Kubernetes"), "true", StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add($"{container}: {name} is read by Orleans' Kubernetes hosting, which Orleans__Kubernetes does not turn on here.");
                    }

                    continue;
                }

                var key = name.Replace("__", ":", StringComparison.Ordinal);
                if (Keys.WhyNotBound(key) is { } why)
                {
                    problems.Add($"{container}: {name}: {why}");
                }
                else if (!Keys.IsDocumented(key))
                {
                    problems.Add($"{container}: {name}: {key} is not in docs/configuration.md.");
                }
            }
        }

        Assert.NotEmpty(containers);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public async Task EveryProcess_Settings_PassTheValidationItRunsAtStart(string deployment)
    {
        var containers = await AppContainersAsync(deployment);
        var contentRoot = Directory.CreateTempSubdirectory("sparsevila-infra-");
        try
        {
            Assert.All(containers, container =>
            {
                var configuration = new ConfigurationBuilder()
                    .AddInMemoryCollection(container.Variables.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)))
                    .Build();
                try
                {
                    HostingSettings.Load(configuration, contentRoot.FullName, forClient: container.IsGateway);
                }
                catch (HostingConfigurationException e)
                {
                    Assert.Fail($"{container}: {e.Message}");
                }

                if (container.IsGateway)
                {
                    var gateway = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new();
                    Assert.Equal(GatewayOptions.NoSilo, gateway.Silo, ignoreCase: true);
                    var result = new GatewayOptionsValidator().Validate(Options.DefaultName, gateway);
                    Assert.True(result.Succeeded, $"{container}: {result.FailureMessage}");
                }
            });
        }
        finally
        {
            contentRoot.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheKeyCheck_FindsWhatTheCodeBinds_AndRejectsTheRest()
    {
        Assert.Null(Keys.WhyNotBound("Orleans:Clustering"));
        Assert.Null(Keys.WhyNotBound("orleans:siloport"));
        Assert.Null(Keys.WhyNotBound("Storage:AzureBlob:ConnectionString"));
        Assert.Null(Keys.WhyNotBound("Auth:ApiKeys:0123456789abcdef"));
        Assert.Null(Keys.WhyNotBound("ConnectionStrings:Redis"));
        Assert.Null(Keys.WhyNotBound("ConnectionStrings:Blobs"));
        Assert.Null(Keys.WhyNotBound("Urls"));
        Assert.NotNull(Keys.WhyNotBound("Orleans:Clusterin"));
        Assert.NotNull(Keys.WhyNotBound("Storage:AzureBlob"));
        Assert.NotNull(Keys.WhyNotBound("Storage:Azure:ConnectionString"));
        Assert.NotNull(Keys.WhyNotBound("ConnectionStrings:Postgres"));
        Assert.NotNull(Keys.WhyNotBound("Clustering:Provider"));
        Assert.NotNull(Keys.WhyNotBound("Url"));
    }

    [Fact]
    public void TheDocumentationCheck_ReadsTheConfigurationTables()
    {
        Assert.True(Keys.IsDocumented("Orleans:Clustering"));
        Assert.True(Keys.IsDocumented("Auth:ApiKeys:0123456789abcdef"));
        Assert.True(Keys.IsDocumented("Urls"));
        Assert.False(Keys.IsDocumented("Orleans:RedisConnectionString"));
        Assert.False(Keys.IsDocumented("Orleans:Clusterin"));
    }

    private static async Task<IReadOnlyList<AppContainer>> AppContainersAsync(string deployment) => deployment switch
    {
        "compose" => ComposeFile.AppContainers(),
        "kubernetes" => [.. KubernetesManifests.Load().AppContainers(ComposeFile.ImagePrograms()).Select(app => app.Container)],
        "local" => LocalCluster.AppContainers(await LocalCluster.DryRunAsync([], TestContext.Current.CancellationToken)),
        _ => throw new ArgumentOutOfRangeException(nameof(deployment), deployment, null),
    };

    /// <summary>POD_NAME, ORLEANS_CLUSTER_ID and the like: read by Microsoft.Orleans.Hosting.Kubernetes, not bound as settings.</summary>
    private static bool IsKubernetesHostingVariable(string name)
    {
        var options = Type.GetType(KubernetesHostingOptionsType);
        if (options is null)
        {
            // Without the package nothing reads them; the name's shape says which were meant, and the test then fails on it.
            return false;
        }

        return options.GetFields()
            .Where(field => field.IsLiteral && field.Name.EndsWith("EnvironmentVariable", StringComparison.Ordinal))
            .Any(field => (string)field.GetRawConstantValue()! == name);
    }
}
