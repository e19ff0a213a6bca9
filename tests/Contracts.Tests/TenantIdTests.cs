using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using SparseVila.Contracts;

namespace SparseVila.Contracts.Tests;

public sealed class TenantIdTests
{
    [Theory]
    [InlineData("local")]
    [InlineData("acme-corp_2")]
    [InlineData("a")]
    public void Parse_AcceptsLowerCaseLettersDigitsDashAndUnderscore(string text) =>
        Assert.Equal(text, TenantId.Parse(text).Value);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Acme", "'A'")]
    [InlineData("../etc", "'.'")]
    [InlineData("a b", "' '")]
    public void Parse_RejectsUnsafeTextAndSaysWhy(string text, string reasonPart)
    {
        var error = Assert.Throws<FormatException>(() => TenantId.Parse(text));
        Assert.Contains(reasonPart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RejectsMoreThanTheMaximumLength()
    {
        Assert.True(TenantId.TryParse(new string('a', TenantId.MaxLengthChars), out _, out _));
        Assert.False(TenantId.TryParse(new string('a', TenantId.MaxLengthChars + 1), out _, out var reason));
        Assert.Contains("65", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_HasNoValue() =>
        Assert.Throws<InvalidOperationException>(() => default(TenantId).Value);

    [Fact]
    public void OrleansSerializer_RoundTripsTheId()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var original = TenantId.Parse("tenant-7");

        var copy = serializer.Deserialize<TenantId>(serializer.SerializeToArray(original));

        Assert.Equal(original, copy);
        Assert.Equal("tenant-7", copy.Value);
    }

    [Theory]
    [InlineData("gpu", true)]
    [InlineData("web", true)]
    [InlineData("GPU", false)]
    [InlineData("cpu", false)]
    [InlineData(null, false)]
    public void SiloRoles_KnowsExactlyGpuAndWeb(string? role, bool known) =>
        Assert.Equal(known, SiloRoles.IsKnown(role));
}
