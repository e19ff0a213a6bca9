using System.Diagnostics.CodeAnalysis;

namespace SparseVila.Contracts;

/// <summary>
/// The owner of every stored resource. 1–64 characters of lower-case letters, digits, '-' and '_',
/// so that a tenant id is safe inside blob names and grain keys without escaping.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct TenantId
{
    /// <summary>The most characters a tenant id may have.</summary>
    public const int MaxLengthChars = 64;

    /// <summary>The tenant of every request when no API keys are configured (the embedded default).</summary>
    public static TenantId Local { get; } = new("local");

    [Id(0)]
    private readonly string? _value;

    private TenantId(string value) => _value = value;

    /// <summary>The id's text; never empty for a parsed id.</summary>
    public string Value => _value ?? throw new InvalidOperationException("A default TenantId has no value.");

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> saying why.</summary>
    public static TenantId Parse(string text) =>
        TryParse(text, out var id, out var reason) ? id : throw new FormatException(reason);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="reason"/> says why.</summary>
    public static bool TryParse(string? text, out TenantId id, [NotNullWhen(false)] out string? reason)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            reason = "A tenant id must not be empty.";
            return false;
        }

        if (text.Length > MaxLengthChars)
        {
            reason = $"A tenant id has at most {MaxLengthChars} characters; this one has {text.Length}.";
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                reason = $"A tenant id may hold only a-z, 0-9, '-' and '_'; '{text}' holds '{c}'.";
                return false;
            }
        }

        id = new TenantId(text);
        reason = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;
}
