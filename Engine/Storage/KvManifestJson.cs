using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparseVila.Engine.Storage;

/// <summary>The manifest's JSON: camelCase names, the codec by name, every field required.</summary>
internal static class KvManifestJson
{
    /// <summary>Reads, checks the format version before anything else, then the fields (<see cref="KvManifestChecks"/>).</summary>
    public static KvManifest Read(Stream source, string name)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            using var document = JsonDocument.Parse(source);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("formatVersion", out var versionElement)
                || !versionElement.TryGetInt32(out var version))
            {
                throw new KvCacheCorruptException(name, KvCacheCorruption.ManifestInvalid, "it is not a JSON object with an integer \"formatVersion\".");
            }

            if (version != KvManifest.CurrentFormatVersion)
            {
                throw new KvCacheCorruptException(name, KvCacheCorruption.UnsupportedVersion,
                    $"manifest format version {version}; this reader reads version {KvManifest.CurrentFormatVersion} only.");
            }

            var manifest = document.RootElement.Deserialize(KvManifestJsonContext.Default.KvManifest)
                ?? throw new KvCacheCorruptException(name, KvCacheCorruption.ManifestInvalid, "it is JSON null.");
            var problem = KvManifestChecks.FirstProblem(manifest);
            return problem is null ? manifest : throw new KvCacheCorruptException(name, KvCacheCorruption.ManifestInvalid, problem);
        }
        catch (JsonException error)
        {
            throw new KvCacheCorruptException(name, KvCacheCorruption.ManifestInvalid, $"it is not a valid manifest: {error.Message}", error);
        }
    }

    /// <summary>Writes <paramref name="manifest"/>; throws <see cref="ArgumentException"/> for one that would not read back (another version, a field out of range).</summary>
    public static void Write(KvManifest manifest, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var problem = manifest.FormatVersion != KvManifest.CurrentFormatVersion
            ? $"format version {manifest.FormatVersion}; this code writes version {KvManifest.CurrentFormatVersion}"
            : KvManifestChecks.FirstProblem(manifest);
        if (problem is not null)
        {
            throw new ArgumentException($"The manifest would not read back: {problem}.", nameof(manifest));
        }

        JsonSerializer.Serialize(destination, manifest, KvManifestJsonContext.Default.KvManifest);
    }
}

/// <summary>Source-generated serialization of <see cref="KvManifest"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(KvManifest))]
internal sealed partial class KvManifestJsonContext : JsonSerializerContext;
