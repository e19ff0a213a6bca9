using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using SparseVila.Gateway.Hosting;
using SparseVila.Silo.Hosting;

namespace SparseVila.Infra.Tests.Support;

/// <summary>
/// The configuration keys the code binds, read from the code itself: every options class of the SparseVila assemblies
/// declares its section in a <c>SectionName</c> constant and is bound property by property; connection strings are read
/// by the names in <c>…ConnectionStringName</c> constants; the host reads the keys of <see cref="WebHostDefaults"/>.
/// And the keys docs/configuration.md documents.
/// </summary>
internal sealed partial class ConfigurationKeys
{
    public const string ConnectionStringsSection = "ConnectionStrings";

    private readonly Dictionary<string, Type> _sections;
    private readonly HashSet<string> _connectionStringNames;
    private readonly HashSet<string> _hostKeys;
    private readonly List<Regex> _documented;

    private ConfigurationKeys(Dictionary<string, Type> sections, HashSet<string> connectionStringNames, HashSet<string> hostKeys, List<Regex> documented) =>
        (_sections, _connectionStringNames, _hostKeys, _documented) = (sections, connectionStringNames, hostKeys, documented);

    /// <summary>Options classes by their section, from the assemblies the Gateway and the Silo are made of.</summary>
    public IReadOnlyDictionary<string, Type> Sections => _sections;

    public static ConfigurationKeys Read()
    {
        var types = ProductAssemblies().SelectMany(assembly => assembly.GetTypes()).ToList();
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in types)
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.GetRawConstantValue() is string section)
            {
                sections.Add(section, type);
            }
        }

        var connectionStringNames = types
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field.IsLiteral && field.Name.EndsWith("ConnectionStringName", StringComparison.Ordinal))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hostKeys = typeof(WebHostDefaults).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(string) && field.Name.EndsWith("Key", StringComparison.Ordinal))
            .Select(field => (string)field.GetValue(null)!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new ConfigurationKeys(sections, connectionStringNames, hostKeys, DocumentedKeys());
    }

    /// <summary>
    /// Null when the code binds <paramref name="key"/> (<c>Section:Property[:Property…]</c>, a connection string, or a host
    /// key), else why not.
    /// </summary>
    public string? WhyNotBound(string key)
    {
        var segments = key.Split(':');
        if (segments.Length == 1)
        {
            return _hostKeys.Contains(key) ? null : $"{key} is neither a host setting ({string.Join(", ", _hostKeys.Order())}) nor under a section.";
        }

        if (string.Equals(segments[0], ConnectionStringsSection, StringComparison.OrdinalIgnoreCase))
        {
            return segments.Length == 2 && _connectionStringNames.Contains(segments[1])
                ? null
                : $"{key}: the code reads the connection strings {string.Join(", ", _connectionStringNames.Order())} only.";
        }

        if (!_sections.TryGetValue(segments[0], out var type))
        {
            return $"{key}: no options class has the section '{segments[0]}' (known: {string.Join(", ", _sections.Keys.Order())}).";
        }

        foreach (var segment in segments.Skip(1))
        {
            if (DictionaryValueType(type) is { } valueType)
            {
                type = valueType;
                continue;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || property.SetMethod is not { IsPublic: true } && IsScalar(property.PropertyType))
            {
                return $"{key}: {type.Name} has no settable property '{segment}'.";
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return IsScalar(type) ? null : $"{key} names the object {type.Name}, not a value: an environment variable cannot set it.";
    }

    /// <summary>Whether docs/configuration.md documents <paramref name="key"/> (a placeholder segment in capitals, like KEY, stands for any).</summary>
    public bool IsDocumented(string key) => _documented.Any(pattern => pattern.IsMatch(key));

    /// <summary>
    /// The SparseVila assemblies the Gateway is made of (the Silo, Grains, Engine, Contracts), loaded by walking the
    /// references from the two hosts.
    /// </summary>
    private static List<Assembly> ProductAssemblies()
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(GatewayOptions).Assembly, typeof(HostingSettings).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("SparseVila.", StringComparison.Ordinal)))
            {
                pending.Push(Assembly.Load(reference));
            }
        }

        return [.. found.Values];
    }

    /// <summary>Every key written in backquotes in the tables of docs/configuration.md.</summary>
    private static List<Regex> DocumentedKeys()
    {
        var text = File.ReadAllText(Repository.PathOf("docs/configuration.md"));
        return text.Split('\n')
            .Where(line => line.TrimStart().StartsWith('|'))
            .SelectMany(line => QuotedKey().Matches(line).Select(match => match.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .Select(key => new Regex(
                "^" + string.Join(":", key.Split(':').Select((segment, index) => index > 0 && PlaceholderSegment().IsMatch(segment) ? "[^:]+" : Regex.Escape(segment))) + "$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            .ToList();
    }

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))
            ?.GetGenericArguments()[1];

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);
    }

    [GeneratedRegex(@"`([A-Za-z][A-Za-z0-9]*(?::[A-Za-z0-9]+)*)`")]
    private static partial Regex QuotedKey();

    [GeneratedRegex("^[A-Z]+$")]
    private static partial Regex PlaceholderSegment();
}
