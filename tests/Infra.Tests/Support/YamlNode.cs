using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace SparseVila.Infra.Tests.Support;

/// <summary>
/// A node of a parsed YAML document (a map, a list, a scalar or nothing), with the path it was reached by, so that a
/// failed assertion names the place in the file. Scalars stay text, as YAML wrote them.
/// </summary>
internal sealed class YamlNode
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();
    private readonly object? _value;

    private YamlNode(object? value, string path) => (_value, Path) = (value, path);

    /// <summary>Where this node is: file, document and keys.</summary>
    public string Path { get; }

    /// <summary>Whether the node is there at all.</summary>
    public bool Exists => _value is not null;

    /// <summary>The scalar's text, or null for a map, a list or nothing.</summary>
    public string? Text => _value as string;

    /// <summary>Whether the node is a map.</summary>
    public bool IsMap => _value is Dictionary<string, object?>;

    /// <summary>The child under <paramref name="key"/>: a missing node unless this is a map that has it.</summary>
    public YamlNode this[string key] =>
        new(_value is Dictionary<string, object?> map && map.TryGetValue(key, out var child) ? child : null, $"{Path}.{key}");

    /// <summary>A list's items (nothing for anything else).</summary>
    public IEnumerable<YamlNode> Items =>
        _value is List<object?> list ? list.Select((item, index) => new YamlNode(item, $"{Path}[{index}]")) : [];

    /// <summary>A map's entries (nothing for anything else).</summary>
    public IEnumerable<KeyValuePair<string, YamlNode>> Entries =>
        _value is Dictionary<string, object?> map
            ? map.Select(entry => KeyValuePair.Create(entry.Key, new YamlNode(entry.Value, $"{Path}.{entry.Key}")))
            : [];

    /// <summary>The scalar's text; fails the test, naming the path, when it is not a scalar.</summary>
    public string RequiredText => Text ?? throw new Xunit.Sdk.XunitException($"{Path} is missing or is not a scalar.");

    /// <summary>
    /// Every document of a YAML stream, merge keys (<c>&lt;&lt;: *anchor</c>) applied. Throws <see cref="YamlException"/>
    /// for text that is not YAML.
    /// </summary>
    public static IReadOnlyList<YamlNode> Parse(string text, string source)
    {
        var parser = new MergingParser(new Parser(new StringReader(text)));
        parser.Consume<StreamStart>();
        var documents = new List<YamlNode>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(new YamlNode(Normalize(Deserializer.Deserialize<object?>(parser)), $"{source}#{documents.Count}"));
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    /// <summary>Every document of a file of the repository.</summary>
    public static IReadOnlyList<YamlNode> Load(string relativePath) => Parse(File.ReadAllText(Repository.PathOf(relativePath)), relativePath);

    private static object? Normalize(object? value) => value switch
    {
        IDictionary<object, object?> map => map.ToDictionary(entry => Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!, entry => Normalize(entry.Value), StringComparer.Ordinal),
        IList<object?> list => list.Select(Normalize).ToList(),
        _ => value,
    };
}
