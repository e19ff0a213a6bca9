using SparseVila.Contracts;
using SparseVila.Engine.Storage;

namespace SparseVila.Grains.VisualCache;

/// <summary>
/// Where one visual KV cache lives: the blob prefix <c>{tenant}/kv/{content hash}/{model fingerprint}</c>, with the hashes'
/// <c>sha256:</c> written <c>sha256-</c> to stay within blob-name characters. One cache per (tenant, video content, model):
/// two videos of a tenant with the same bytes share it, another model never finds it, and tenants never share one (a
/// shared cache would tell one tenant what another has uploaded, and tie one tenant's deletions to another's).
/// </summary>
public readonly record struct VisualCacheLocation
{
    private VisualCacheLocation(string prefix) => Prefix = prefix;

    /// <summary>The blob prefix, without a trailing <c>/</c>.</summary>
    public string Prefix { get; }

    /// <summary>The blob name of the manifest.</summary>
    public string ManifestName => NameOf(KvManifest.FileName);

    /// <summary>
    /// The location of the cache of <paramref name="sourceContentHash"/> made by <paramref name="modelFingerprint"/> for
    /// <paramref name="tenant"/>. Both hashes are <c>algorithm:hex</c> (<c>sha256:…</c>); anything else is an <see cref="ArgumentException"/>.
    /// </summary>
    public static VisualCacheLocation For(TenantId tenant, string sourceContentHash, string modelFingerprint) =>
        new($"{tenant.Value}/kv/{NamePart(sourceContentHash, nameof(sourceContentHash))}/{NamePart(modelFingerprint, nameof(modelFingerprint))}");

    /// <summary>The blob name of the file <paramref name="fileName"/> (a manifest or segment name) in this cache.</summary>
    public string NameOf(string fileName) => $"{Prefix}/{fileName}";

    /// <inheritdoc />
    public override string ToString() => Prefix;

    private static string NamePart(string hash, string paramName)
    {
        ArgumentNullException.ThrowIfNull(hash, paramName);
        var colon = hash.IndexOf(':', StringComparison.Ordinal);
        var algorithm = colon > 0 ? hash[..colon] : string.Empty;
        var digest = colon > 0 ? hash[(colon + 1)..] : string.Empty;
        var valid = algorithm.Length is > 0 and <= 16 && algorithm.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            && digest.Length is >= 16 and <= 128 && digest.All(char.IsAsciiHexDigitLower);
        return valid
            ? $"{algorithm}-{digest}"
            : throw new ArgumentException($"\"{hash}\" is not a hash written algorithm:hex (lower case, 16 to 128 hex digits), e.g. sha256:….", paramName);
    }
}
