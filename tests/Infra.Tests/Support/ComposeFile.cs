namespace SparseVila.Infra.Tests.Support;

/// <summary>infra/docker/docker-compose.yml and its GPU overlay.</summary>
internal static class ComposeFile
{
    public const string Path = "infra/docker/docker-compose.yml";
    public const string GpuOverlayPath = "infra/docker/docker-compose.gpu.yml";

    public static YamlNode Load() => YamlNode.Load(Path).Single();

    public static IEnumerable<KeyValuePair<string, YamlNode>> Services(YamlNode compose) => compose["services"].Entries;

    /// <summary>The Dockerfile a service builds, relative to the repository, or null for a service that only pulls an image.</summary>
    public static string? DockerfileOf(YamlNode service)
    {
        var build = service["build"];
        if (!build.Exists)
        {
            return null;
        }

        var composeFolder = Repository.PathOf(System.IO.Path.GetDirectoryName(Path)!);
        var context = System.IO.Path.GetFullPath(System.IO.Path.Combine(composeFolder, build.Text ?? build["context"].Text ?? "."));
        return Repository.Relative(System.IO.Path.Combine(context, build["dockerfile"].Text ?? "Dockerfile"));
    }

    /// <summary>The build context of a service, relative to the repository ("." for its root).</summary>
    public static string? ContextOf(YamlNode service)
    {
        var build = service["build"];
        if (!build.Exists)
        {
            return null;
        }

        var composeFolder = Repository.PathOf(System.IO.Path.GetDirectoryName(Path)!);
        return Repository.Relative(System.IO.Path.GetFullPath(System.IO.Path.Combine(composeFolder, build.Text ?? build["context"].Text ?? ".")));
    }

    /// <summary>Image repository (the name without its tag) → the program its Dockerfile's ENTRYPOINT runs, for every service that builds one.</summary>
    public static IReadOnlyDictionary<string, string> ImagePrograms()
    {
        var programs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, service) in Services(Load()))
        {
            if (DockerfileOf(service) is { } dockerfile && service["image"].Text is { } image && Dockerfile.Load(dockerfile).Entrypoint is { Count: > 0 } entrypoint)
            {
                programs[ImageRepository(image)] = entrypoint[^1];
            }
        }

        return programs;
    }

    /// <summary>An image reference without its tag.</summary>
    public static string ImageRepository(string image)
    {
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 ? image : image[..colon];
    }

    /// <summary>The app containers: services that build a SparseVila image, with their environment.</summary>
    public static IReadOnlyList<AppContainer> AppContainers()
    {
        var containers = new List<AppContainer>();
        foreach (var (name, service) in Services(Load()))
        {
            if (DockerfileOf(service) is not { } dockerfile || Dockerfile.Load(dockerfile).Entrypoint is not { Count: > 0 } entrypoint)
            {
                continue;
            }

            containers.Add(new AppContainer($"{Path} service {name}", entrypoint[^1], Environment(service), new Dictionary<string, string>()));
        }

        return containers;
    }

    /// <summary>A service's environment, in map or list form.</summary>
    public static Dictionary<string, string> Environment(YamlNode service)
    {
        var environment = service["environment"];
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment.Entries)
        {
            variables[name] = value.Text ?? string.Empty;
        }

        foreach (var item in environment.Items)
        {
            var pair = item.RequiredText.Split('=', 2);
            variables[pair[0]] = pair.Length > 1 ? pair[1] : string.Empty;
        }

        return variables;
    }
}
