using System.Globalization;
using SparseVila.Infra.Tests.Support;
using SparseVila.Silo.Health;
using SparseVila.Silo.Hosting;

namespace SparseVila.Infra.Tests;

public sealed class KubernetesManifestTests
{
    /// <summary>What Orleans' Kubernetes hosting reads (Orleans.Hosting.Kubernetes.KubernetesHostingOptions).</summary>
    private const string KubernetesHostingOptionsType = "Orleans.Hosting.Kubernetes.KubernetesHostingOptions, Orleans.Hosting.Kubernetes";

    private static readonly KubernetesManifests Manifests = KubernetesManifests.Load();
    private static readonly IReadOnlyList<(AppContainer Container, YamlNode Workload, YamlNode Spec)> Apps = Manifests.AppContainers(ComposeFile.ImagePrograms());

    private static IEnumerable<(AppContainer Container, YamlNode Workload, YamlNode Spec)> GpuSilos =>
        Apps.Where(app => app.Container.IsSilo && app.Container.Setting("Silo:Role") == "gpu");

    [Fact]
    public void TheManifests_RunGpuSilosAndAClientOnlyGateway_FromTheImagesComposeBuilds()
    {
        Assert.NotEmpty(GpuSilos);
        var gateway = Assert.Single(Apps, app => app.Container.IsGateway);
        Assert.Equal("None", gateway.Container.Setting("Gateway:Silo"));
        Assert.All(Apps, app => Assert.Equal("Redis", app.Container.Setting("Orleans:Clustering")));
    }

    [Fact]
    public void GpuSilos_RunOnGpuNodes_WithOneGpuEach()
    {
        Assert.All(GpuSilos, silo =>
        {
            var pod = silo.Workload["spec"]["template"]["spec"];
            Assert.True(pod["nodeSelector"].Entries.Any(), $"{silo.Container}: no nodeSelector for GPU nodes.");
            var gpus = silo.Spec["resources"]["limits"]["nvidia.com/gpu"].Text;
            Assert.True(gpus is not null && int.Parse(gpus, CultureInfo.InvariantCulture) >= 1, $"{silo.Container}: no nvidia.com/gpu limit.");
        });
    }

    [Fact]
    public void EveryAppContainer_IsReadyOnReadyz_AndLiveOnHealthz_AtItsHttpPort()
    {
        Assert.NotEmpty(Apps);
        Assert.All(Apps, app =>
        {
            var listens = ListeningPort(app);
            Assert.Equal(HealthEndpoints.ReadinessPath, app.Spec["readinessProbe"]["httpGet"]["path"].Text);
            Assert.Equal(HealthEndpoints.LivenessPath, app.Spec["livenessProbe"]["httpGet"]["path"].Text);
            Assert.Equal(listens, ContainerPort(app.Spec, app.Spec["readinessProbe"]["httpGet"]["port"].RequiredText));
            Assert.Equal(listens, ContainerPort(app.Spec, app.Spec["livenessProbe"]["httpGet"]["port"].RequiredText));
        });
    }

    [Fact]
    public void Silos_DeclareTheirOrleansPorts()
    {
        var defaults = new ClusterHostingOptions();
        Assert.All(Apps.Where(app => app.Container.IsSilo), silo =>
        {
            var declared = silo.Spec["ports"].Items.Select(p => int.Parse(p["containerPort"].RequiredText, CultureInfo.InvariantCulture)).ToList();
            Assert.Contains(SettingOr(silo.Container, "Orleans:SiloPort", defaults.SiloPort), declared);
            Assert.Contains(SettingOr(silo.Container, "Orleans:GatewayPort", defaults.GatewayPort), declared);
        });
    }

    [Fact]
    public void EveryAppContainer_JoinsOneCluster_TheOneTheSiloPodLabelsName()
    {
        var defaults = new ClusterHostingOptions();
        var ids = Apps.Select(app => (
            ServiceId: app.Container.Setting("Orleans:ServiceId") ?? defaults.ServiceId,
            ClusterId: app.Container.Setting("Orleans:ClusterId") ?? defaults.ClusterId)).Distinct().ToList();

        var id = Assert.Single(ids);
        Assert.All(Apps.Where(app => app.Container.IsSilo), silo =>
        {
            var labels = silo.Workload["spec"]["template"]["metadata"]["labels"];
            Assert.Equal(id.ServiceId, labels["orleans/serviceId"].Text);
            Assert.Equal(id.ClusterId, labels["orleans/clusterId"].Text);
        });
    }

    [Fact]
    public void SilosWithKubernetesHosting_FollowItsConventions()
    {
        var hosted = Apps.Where(app => string.Equals(app.Container.Setting("Orleans:Kubernetes"), "true", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(hosted);
        var options = Type.GetType(KubernetesHostingOptionsType);
        Assert.True(options is not null, "The manifests turn on Orleans' Kubernetes hosting, but the Silo does not reference Microsoft.Orleans.Hosting.Kubernetes.");

        string Constant(string name) => (string)options.GetField(name)!.GetRawConstantValue()!;
        var serviceIdLabel = Constant("ServiceIdLabel");
        var clusterIdLabel = Constant("ClusterIdLabel");
        var expectedFields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Constant("PodNameEnvironmentVariable")] = "metadata.name",
            [Constant("PodNamespaceEnvironmentVariable")] = "metadata.namespace",
            [Constant("PodIPEnvironmentVariable")] = "status.podIP",
            [Constant("ServiceIdEnvironmentVariable")] = $"metadata.labels['{serviceIdLabel}']",
            [Constant("ClusterIdEnvironmentVariable")] = $"metadata.labels['{clusterIdLabel}']",
        };
        Assert.All(hosted, app =>
        {
            Assert.True(app.Container.IsSilo, $"{app.Container}: Kubernetes hosting is for silos.");
            var labels = app.Workload["spec"]["template"]["metadata"]["labels"];
            Assert.True(labels[serviceIdLabel].Exists && labels[clusterIdLabel].Exists, $"{app.Container}: the pod lacks the {serviceIdLabel} and {clusterIdLabel} labels.");
            foreach (var (variable, fieldPath) in expectedFields)
            {
                Assert.Equal(fieldPath, app.Container.FieldPaths.GetValueOrDefault(variable));
            }
        });
    }

    [Fact]
    public void SilosWithKubernetesHosting_HaveAnAccountThatMayReadWatchAndLabelPods()
    {
        var hosted = Apps.Where(app => string.Equals(app.Container.Setting("Orleans:Kubernetes"), "true", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.NotEmpty(hosted);
        Assert.All(hosted, app =>
        {
            var account = app.Workload["spec"]["template"]["spec"]["serviceAccountName"].Text;
            Assert.True(account is not null, $"{app.Container}: no serviceAccountName.");
            Assert.True(Manifests.Named("ServiceAccount", account).Exists, $"{app.Container}: ServiceAccount {account} is not among the manifests.");
            var verbs = Manifests.OfKind("RoleBinding")
                .Where(binding => binding["subjects"].Items.Any(s => s["kind"].Text == "ServiceAccount" && s["name"].Text == account))
                .Select(binding => Manifests.Named(binding["roleRef"]["kind"].RequiredText, binding["roleRef"]["name"].RequiredText))
                .SelectMany(role => role["rules"].Items)
                .Where(rule => rule["resources"].Items.Any(r => r.Text == "pods"))
                .SelectMany(rule => rule["verbs"].Items.Select(v => v.Text))
                .ToHashSet(StringComparer.Ordinal);
            Assert.Superset(new HashSet<string?>(["get", "list", "watch", "patch"], StringComparer.Ordinal), verbs);
        });
    }

    [Fact]
    public void TheGatewayService_SelectsTheGatewayPods_OnTheirHttpPort()
    {
        var gateway = Assert.Single(Apps, app => app.Container.IsGateway);
        var podLabels = gateway.Workload["spec"]["template"]["metadata"]["labels"];
        var service = Assert.Single(Manifests.OfKind("Service"), s =>
            s["spec"]["selector"].Entries.All(selector => podLabels[selector.Key].Text == selector.Value.Text));

        Assert.All(service["spec"]["ports"].Items, port =>
            Assert.Equal(ListeningPort(gateway), ContainerPort(gateway.Spec, port["targetPort"].Text ?? port["port"].RequiredText)));
    }

    /// <summary>The port the program listens on: Urls in the container's environment, else in its image.</summary>
    private static int ListeningPort((AppContainer Container, YamlNode Workload, YamlNode Spec) app)
    {
        var urls = app.Container.Setting("Urls") ?? Dockerfile.Load(ImageDockerfile(app.Container.Program)).FinalEnvironment("Urls")!;
        return new Uri(urls.Split(';')[0].Replace("+", "localhost", StringComparison.Ordinal)).Port;
    }

    private static string ImageDockerfile(string program) =>
        Repository.Files("infra/docker", ".Dockerfile").Single(f => Dockerfile.Load(f).Entrypoint is { Count: > 0 } entrypoint && entrypoint[^1] == program);

    /// <summary>A probe's or Service's port, by number or by the container port's name.</summary>
    private static int ContainerPort(YamlNode container, string port) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : int.Parse(container["ports"].Items.Single(p => p["name"].Text == port)["containerPort"].RequiredText, CultureInfo.InvariantCulture);

    private static int SettingOr(AppContainer container, string key, int fallback) =>
        container.Setting(key) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
