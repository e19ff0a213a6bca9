using SparseVila.Contracts;

namespace SparseVila.Contracts.Tests;

public sealed class GrainKeysTests
{
    [Fact]
    public void AKey_CarriesItsTenant_AndParsesBack()
    {
        var key = GrainKeys.For(TenantId.Parse("tenant-a"), "video-1");

        Assert.Equal("tenant-a/video-1", key);
        Assert.Equal((TenantId.Parse("tenant-a"), "video-1"), GrainKeys.Parse(key));
        Assert.NotEqual(key, GrainKeys.For(TenantId.Parse("tenant-b"), "video-1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Video")]
    [InlineData("a/b")]
    [InlineData("../x")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public void AnIdOutsideTheAlphabet_IsRefused(string id) =>
        Assert.Throws<FormatException>(() => GrainKeys.For(TenantId.Local, id));

    [Theory]
    [InlineData("no-slash")]
    [InlineData("/id")]
    [InlineData("Tenant/id")]
    [InlineData("tenant/")]
    [InlineData("tenant/a/b")]
    public void AKeyNotMadeByFor_IsRefused(string key) =>
        Assert.Throws<FormatException>(() => GrainKeys.Parse(key));

    [Fact]
    public void NewIds_AreValidAndDistinct()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => GrainKeys.NewId()).ToList();

        Assert.Equal(100, ids.Distinct().Count());
        Assert.All(ids, id => GrainKeys.For(TenantId.Local, id));
    }
}
