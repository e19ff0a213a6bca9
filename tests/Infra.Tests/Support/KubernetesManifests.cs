using System.Text;

namespace SparseVila.Infra.Tests.Support;

/// <summary>The Kubernetes manifests that infra/k8s/kustomization.yaml puts together.</summary>
internal sealed class KubernetesManifests
{
    public const string Folder = "infra/k8s";
    public const string KustomizationPath = Folder + "/kustomization.yaml";

    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet"];

    private KubernetesManifests(IReadOnlyList<YamlNode> documents) => Documents = documents;

    /// <summary>Every object of every resource file, in order.</summary>
    public IReadOnlyList<YamlNode> Documents { get; }

    public static YamlNode Kustomization() => YamlNode.Load(KustomizationPath).Single();

    /// <summary>The resource files the kustomization lists, relative to the repository.</summary>
    public static IReadOnlyList<string> ResourceFiles() =>
        [.. Kustomization()["resources"].Items.Select(item => $"{Folder}/{item.RequiredText}")];

    public static KubernetesManifests Load() =>
        new([.. ResourceFiles().SelectMany(YamlNode.Load).Where(document => document.Exists)]);

    /// <summary>The objects of a kind.</summary>
    public IEnumerable<YamlNode> OfKind(string kind) => Documents.Where(d => d["kind"].Text == kind);

    /// <summary>The object of a kind with a name, or a missing node.</summary>
    public YamlNode Named(string kind, string name) =>
        OfKind(kind).FirstOrDefault(d => d["metadata"]["name"].Text == name) ?? Documents[0]["no such object " + kind + "/" + name];

    /// <summary>Deployments, StatefulSets and DaemonSets.</summary>
    public IEnumerable<YamlNode> Workloads() => Documents.Where(d => WorkloadKinds.Contains(d["kind"].Text));

    /// <summary>
    /// The containers that run a SparseVila image (by the image repositories docker-compose builds), with the environment
    /// resolved from the ConfigMaps and Secrets here and the downward API (labels from the pod template; addresses made up).
    /// </summary>
    public IReadOnlyList<(AppContainer Container, YamlNode Workload, YamlNode Spec)> AppContainers(IReadOnlyDictionary<string, string> imagePrograms)
    {
        var found = new List<(AppContainer, YamlNode, YamlNode)>();
        foreach (var workload in Workloads())
        {
            var template = workload["spec"]["template"];
            foreach (var container in template["spec"]["containers"].Items)
            {
                if (!imagePrograms.TryGetValue(ComposeFile.ImageRepository(container["image"].RequiredText), out var program))
                {
                    continue;
                }

                var (variables, fieldPaths) = Environment(container, template);
                var source = $"{workload["kind"].Text}/{workload["metadata"]["name"].Text} container {container["name"].Text}";
                found.Add((new AppContainer(source, program, variables, fieldPaths), workload, container));
            }
        }

        return found;
    }

    private (Dictionary<string, string> Variables, Dictionary<string, string> FieldPaths) Environment(YamlNode container, YamlNode template)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var fieldPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"].Items)
        {
            if (source["configMapRef"]["name"].Text is { } configMap)
            {
                foreach (var (key, value) in Data(Named("ConfigMap", configMap)))
                {
                    variables[key] = value;
                }
            }

            if (source["secretRef"]["name"].Text is { } secret)
            {
                foreach (var (key, value) in Data(Named("Secret", secret)))
                {
                    variables[key] = value;
                }
            }
        }

        foreach (var variable in container["env"].Items)
        {
            var name = variable["name"].RequiredText;
            var from = variable["valueFrom"];
            if (!from.Exists)
            {
                variables[name] = variable["value"].Text ?? string.Empty;
            }
            else if (from["fieldRef"]["fieldPath"].Text is { } fieldPath)
            {
                fieldPaths[name] = fieldPath;
                variables[name] = DownwardValue(fieldPath, template);
            }
            else if (from["configMapKeyRef"].Exists)
            {
                variables[name] = Data(Named("ConfigMap", from["configMapKeyRef"]["name"].RequiredText))[from["configMapKeyRef"]["key"].RequiredText];
            }
            else if (from["secretKeyRef"].Exists)
            {
                variables[name] = Data(Named("Secret", from["secretKeyRef"]["name"].RequiredText))[from["secretKeyRef"]["key"].RequiredText];
            }
            else
            {
                throw new Xunit.Sdk.XunitException($"{from.Path}: a kind of valueFrom this test does not resolve.");
            }
        }

        return (variables, fieldPaths);
    }

    /// <summary>A ConfigMap's data, or a Secret's stringData and (base64) data.</summary>
    private static Dictionary<string, string> Data(YamlNode configMapOrSecret)
    {
        if (!configMapOrSecret.Exists)
        {
            throw new Xunit.Sdk.XunitException($"{configMapOrSecret.Path}: not among the manifests.");
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        var encoded = configMapOrSecret["kind"].Text == "Secret";
        foreach (var (key, value) in configMapOrSecret["data"].Entries)
        {
            data[key] = encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(value.RequiredText)) : value.RequiredText;
        }

        foreach (var (key, value) in configMapOrSecret["stringData"].Entries)
        {
            data[key] = value.RequiredText;
        }

        return data;
    }

    private static string DownwardValue(string fieldPath, YamlNode template)
    {
        const string LabelPrefix = "metadata.labels['";
        if (fieldPath.StartsWith(LabelPrefix, StringComparison.Ordinal) && fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            var label = fieldPath[LabelPrefix.Length..^2];
            return template["metadata"]["labels"][label].Text
                ?? throw new Xunit.Sdk.XunitException($"{fieldPath} names a label the pod template does not have.");
        }

        return fieldPath switch
        {
            "metadata.name" => "sparsevila-pod-0",
            "metadata.namespace" => "sparsevila",
            "status.podIP" => "10.0.0.10",
            "status.hostIP" => "10.0.1.1",
            "spec.nodeName" => "node-0",
            "spec.serviceAccountName" => template["spec"]["serviceAccountName"].Text ?? "default",
            _ => throw new Xunit.Sdk.XunitException($"{fieldPath}: a downward-API field this test does not know."),
        };
    }
}
