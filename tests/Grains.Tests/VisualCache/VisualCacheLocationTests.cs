using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Grains.Storage;
using SparseVila.Grains.VisualCache;

namespace SparseVila.Grains.Tests.VisualCache;

public sealed class VisualCacheLocationTests
{
    private static readonly string Model = "sha256:" + new string('a', 64);

    [Fact]
    public void TheLocation_IsPerTenantContentAndModel_InBlobNameCharacters()
    {
        var location = VisualCacheLocation.For(TenantId.Parse("tenant-a"), "sha256:0123456789abcdef", Model);

        Assert.Equal($"tenant-a/kv/sha256-0123456789abcdef/sha256-{new string('a', 64)}", location.Prefix);
        Assert.Equal(location.Prefix + "/manifest.json", location.ManifestName);
        BlobNames.Validate(location.NameOf("seg-00000.kv"));
        Assert.NotEqual(location, VisualCacheLocation.For(TenantId.Parse("tenant-b"), "sha256:0123456789abcdef", Model));
    }

    [Theory]
    [InlineData("0123456789abcdef0123")]
    [InlineData("sha256:")]
    [InlineData("sha256:0123")]
    [InlineData("sha256:0123456789ABCDEF")]
    [InlineData("sha256:0123456789abcdef/..")]
    [InlineData("SHA:0123456789abcdef")]
    public void AHashNotWrittenAlgorithmColonHex_IsRefused(string hash)
    {
        var error = Assert.Throws<ArgumentException>(() => VisualCacheLocation.For(TenantId.Local, hash, Model));

        Assert.Equal("sourceContentHash", error.ParamName);
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedAtConstruction_NamingEachKey()
    {
        var options = Options.Create(new VisualCacheStoreOptions { FramesPerSegment = 0, ReadParallelism = 0, WriteParallelism = 65 });

        var error = Assert.Throws<OptionsValidationException>(() =>
            new VisualCacheStore(new FileSystemBlobStore(Path.GetTempPath()), options, Microsoft.Extensions.Logging.Abstractions.NullLogger<VisualCacheStore>.Instance));

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("VisualCache:FramesPerSegment", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("VisualCache:ReadParallelism", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("VisualCache:WriteParallelism", StringComparison.Ordinal));
    }
}
