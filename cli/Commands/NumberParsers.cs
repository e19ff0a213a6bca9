using System.CommandLine.Parsing;
using System.Globalization;

namespace SparseVila.Cli.Commands;

/// <summary>
/// Parsers for numeric options that check their range as they parse, so text that is not a number and a number out of
/// range are both a usage error with the option's name (a validator would run after a failed conversion and throw).
/// </summary>
public static class NumberParsers
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Func<ArgumentResult, int> WholeNumber(string option, int min, int max = int.MaxValue) =>
        result => ParseWhole(result, option, min, max) ?? default;

    /// <summary>An optional whole number of at least <paramref name="min"/>.</summary>
    public static Func<ArgumentResult, int?> OptionalWholeNumber(string option, int min) =>
        result => ParseWhole(result, option, min, int.MaxValue);

    /// <summary>A positive, finite number of seconds.</summary>
    public static Func<ArgumentResult, double?> PositiveSeconds(string option) => result =>
    {
        var text = Single(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds))
        {
            return seconds;
        }

        result.AddError($"{option} must be a positive number of seconds; got '{text}'.");
        return null;
    };

    private static int? ParseWhole(ArgumentResult result, string option, int min, int max)
    {
        var text = Single(result);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var range = max == int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"a whole number of at least {min}")
            : string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}");
        result.AddError($"{option} must be {range}; got '{text}'.");
        return null;
    }

    private static string Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
