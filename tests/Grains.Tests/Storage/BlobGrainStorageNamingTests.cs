using Orleans.Runtime;
using SparseVila.Grains.Storage;

namespace SparseVila.Grains.Tests.Storage;

public sealed class BlobGrainStorageNamingTests
{
    [Theory]
    [InlineData("conversation", "conversation")]
    [InlineData("tenant-a/v1", "tenant-a_2Fv1")]
    [InlineData("a_b", "a_5Fb")]
    [InlineData("a.b", "a.b")]
    [InlineData(".hidden", "_2Ehidden")]
    [InlineData("..", "_2E.")]
    [InlineData("vidéo 1", "vid_C3_A9o_201")]
    [InlineData("", "_")]
    public void EscapeSegment_GivesAValidSegment(string text, string expected)
    {
        var escaped = BlobGrainStorage.EscapeSegment(text);

        Assert.Equal(expected, escaped);
        BlobNames.Validate("grainstate/" + escaped);
    }

    [Fact]
    public void EscapeSegment_KeepsDifferentTextApart()
    {
        string[] texts = ["a/b", "a_2Fb", "a_b", "a_5Fb", "A/b", "", "_", "a.b", "a-b"];

        var escaped = texts.Select(BlobGrainStorage.EscapeSegment).ToList();

        Assert.Equal(texts.Length, escaped.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EscapeSegment_OfAVeryLongKey_IsAHashThatFitsASegment()
    {
        var longKey = new string('k', 150) + "/" + new string('k', 150);

        var escaped = BlobGrainStorage.EscapeSegment(longKey);

        Assert.StartsWith("sha256-", escaped, StringComparison.Ordinal);
        Assert.True(escaped.Length <= BlobNames.MaxSegmentLengthChars);
        Assert.NotEqual(escaped, BlobGrainStorage.EscapeSegment(longKey + "x"));
    }

    [Fact]
    public void OptionsValidator_RefusesAnInvalidPrefix_NamingTheStorage()
    {
        var validator = new BlobGrainStorageOptionsValidator(new BlobGrainStorageOptions { BlobPrefix = "../state" }, "profiles");

        var error = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Contains("'profiles'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'..' segment", error.Message, StringComparison.Ordinal);
    }
}
