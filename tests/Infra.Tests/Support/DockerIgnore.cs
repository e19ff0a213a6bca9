using System.Text;
using System.Text.RegularExpressions;

namespace SparseVila.Infra.Tests.Support;

/// <summary>
/// The rules of a <c>.dockerignore</c>: a path is left out of the build context when the last rule that matches it, or
/// a folder above it, excludes it (<c>!</c> rules include again). Patterns use <c>*</c>, <c>?</c> and <c>**</c>.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Excludes, string Text)> _rules;

    private DockerIgnore(List<(Regex, bool, string)> rules) => _rules = rules;

    public static DockerIgnore Load(string relativePath) => Parse(File.ReadAllText(Repository.PathOf(relativePath)));

    public static DockerIgnore Parse(string text)
    {
        var rules = new List<(Regex, bool, string)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var excludes = !line.StartsWith('!');
            var pattern = line.TrimStart('!').Trim('/');
            rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), excludes, line));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>The rule that leaves <paramref name="relativePath"/> out of the context, or null when it is sent.</summary>
    public string? ExcludedBy(string relativePath)
    {
        var path = relativePath.Trim('/');
        var prefixes = Enumerable.Range(1, path.Count(c => c == '/') + 1)
            .Select(count => string.Join('/', path.Split('/').Take(count)))
            .ToList();
        string? excludedBy = null;
        foreach (var (pattern, excludes, text) in _rules)
        {
            if (prefixes.Any(pattern.IsMatch))
            {
                excludedBy = excludes ? text : null;
            }
        }

        return excludedBy;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches any number of folders, none included; a final "**" anything.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(pattern[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(pattern[i].ToString()),
                });
            }
        }

        return regex.ToString();
    }
}
