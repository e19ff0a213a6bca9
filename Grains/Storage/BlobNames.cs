namespace SparseVila.Grains.Storage;

/// <summary>
/// The rules every blob name and listing prefix follows, the same for every store, so that a name that
/// works on the filesystem works on Azure and the other way round.
/// </summary>
/// <remarks>
/// A name is one or more segments joined by <c>/</c>. A segment holds 1 to <see cref="MaxSegmentLengthChars"/>
/// characters from <c>A–Z a–z 0–9 - _ .</c> and does not start with <c>.</c> (so neither <c>.</c> nor
/// <c>..</c> is a segment, and the stores' own files, which start with a dot, can never be named).
/// So no leading, trailing or doubled <c>/</c>, no <c>\</c>, no spaces, no non-ASCII. The whole name
/// has at most <see cref="MaxLengthChars"/> characters. Names are compared ordinally; avoid names that
/// differ only in case, which collide on case-insensitive filesystems.
/// </remarks>
public static class BlobNames
{
    /// <summary>The longest name (Azure's limit).</summary>
    public const int MaxLengthChars = 1024;

    /// <summary>The longest segment: a filesystem file name (255 bytes) less room for the store's temporary-file decoration.</summary>
    public const int MaxSegmentLengthChars = 200;

    /// <summary>The separator between segments.</summary>
    public const char Separator = '/';

    private const string AllowedCharacters = "A-Z, a-z, 0-9, '-', '_', '.' and '/' between segments";

    /// <summary>Throws <see cref="ArgumentException"/> saying why when <paramref name="name"/> breaks the rules.</summary>
    public static void Validate(string name, string paramName = "name")
    {
        if (!IsValid(name, isPrefix: false, out var reason))
        {
            throw new ArgumentException(reason, paramName);
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> saying why when <paramref name="prefix"/> could not start a
    /// valid name. A prefix may be empty (when <paramref name="allowEmpty"/>) and may end with <c>/</c>.
    /// </summary>
    public static void ValidatePrefix(string prefix, bool allowEmpty, string paramName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        if (prefix.Length == 0)
        {
            if (!allowEmpty)
            {
                throw new ArgumentException("The prefix must not be empty: it would match every blob.", paramName);
            }

            return;
        }

        if (!IsValid(prefix, isPrefix: true, out var reason))
        {
            throw new ArgumentException(reason, paramName);
        }
    }

    /// <summary>Whether <paramref name="name"/> is a valid blob name.</summary>
    public static bool IsValid(string? name) => IsValid(name, isPrefix: false, out _);

    private static bool IsValid(string? text, bool isPrefix, out string reason)
    {
        var what = isPrefix ? "prefix" : "blob name";
        if (string.IsNullOrEmpty(text))
        {
            reason = $"A {what} must not be empty.";
            return false;
        }

        if (text.Length > MaxLengthChars)
        {
            reason = $"A {what} has at most {MaxLengthChars} characters; '{text[..40]}…' has {text.Length}.";
            return false;
        }

        if (text[0] == Separator)
        {
            reason = $"The {what} '{text}' starts with '/'; names are relative to their store.";
            return false;
        }

        var segments = text.Split(Separator);
        // A prefix may end with '/' (it then selects a folder); its last segment may be partial.
        var checkedCount = isPrefix && segments[^1].Length == 0 ? segments.Length - 1 : segments.Length;
        for (var i = 0; i < checkedCount; i++)
        {
            if (!IsValidSegment(text, segments[i], what, out reason))
            {
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    private static bool IsValidSegment(string text, string segment, string what, out string reason)
    {
        if (segment.Length == 0)
        {
            reason = $"The {what} '{text}' has an empty segment (a trailing or doubled '/').";
            return false;
        }

        if (segment is "." or "..")
        {
            reason = $"The {what} '{text}' has a '{segment}' segment; names cannot step out of their folder.";
            return false;
        }

        if (segment[0] == '.')
        {
            reason = $"The {what} '{text}' has a segment starting with '.' ('{segment}'); those are reserved for the store's own files.";
            return false;
        }

        if (segment.Length > MaxSegmentLengthChars)
        {
            reason = $"The {what} '{text}' has a segment of {segment.Length} characters; at most {MaxSegmentLengthChars} are allowed.";
            return false;
        }

        foreach (var c in segment)
        {
            if (!IsAllowed(c))
            {
                reason = $"The {what} '{text}' holds '{c}' (U+{(int)c:X4}); allowed are {AllowedCharacters}.";
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>Whether <paramref name="c"/> may appear in a segment.</summary>
    public static bool IsAllowed(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.';
}
