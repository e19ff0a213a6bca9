using System.Text;
using System.Text.Json.Nodes;
using SparseVila.Engine.Storage;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>The manifest reads back as written, refuses other versions and broken fields, and tells another model's or content's cache apart.</summary>
public sealed class KvManifestTests
{
    private const string Fingerprint = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string SourceHash = "sha256:feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface";

    private static KvManifest Manifest()
    {
        using var context = KvTestData.Context(layers: 2, kvHeads: 2, headDim: 8, visualPerFrame: [4, 0, 6, 3], seed: 2);
        var options = new KvCodecOptions(KvCodec.Int4, GroupTokens: 16);
        var ranges = VisualContextSegments.ByFrames(context.Tokens, framesPerSegment: 2);
        var segments = ranges.Select((range, i) =>
            KvManifestSegment.Of(KvManifestSegment.FileNameOf(i), range, new KvSegmentSummary(1000 + i, 0xABCDEF0123456789UL + (ulong)i, default))).ToList();
        return KvManifest.Create(context, Fingerprint, SourceHash, options, segments);
    }

    private static byte[] Json(KvManifest manifest)
    {
        using var stream = new MemoryStream();
        manifest.Write(stream);
        return stream.ToArray();
    }

    private static KvCacheCorruptException Invalid(string json) =>
        Assert.Throws<KvCacheCorruptException>(() => KvManifest.Read(new MemoryStream(Encoding.UTF8.GetBytes(json))));

    private static string Edited(Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(Json(Manifest()))!.AsObject();
        edit(node);
        return node.ToJsonString();
    }

    [Fact]
    public void AManifest_ReadsBackAsWritten()
    {
        var manifest = Manifest();

        var read = KvManifest.Read(new MemoryStream(Json(manifest)));

        Assert.Equal(manifest with { Frames = read.Frames, Segments = read.Segments }, read);
        Assert.Equal(manifest.Frames, read.Frames);
        Assert.Equal(manifest.Segments, read.Segments);
        Assert.Equal(0xABCDEF0123456789UL, read.Segments[0].Checksum);
        Assert.Equal(4, read.Frames.Count);
        Assert.Equal(13, read.VisualTokens);
        Assert.Equal(2, read.Segments.Count);
    }

    [Fact]
    public void TheJson_NamesItsFieldsInCamelCase_AndTheCodecByName()
    {
        var node = JsonNode.Parse(Json(Manifest()))!;

        Assert.Equal(1, (int)node["formatVersion"]!);
        Assert.Equal("Int4", (string)node["codec"]!);
        Assert.Equal(16, (int)node["groupTokens"]!);
        Assert.Equal("seg-00001.kv", (string)node["segments"]![1]!["fileName"]!);
        Assert.Equal("abcdef012345678a", (string)node["segments"]![1]!["checksumXxHash64"]!);
        Assert.Equal(2, (int)node["frames"]![2]!["frameIndex"]!);
        Assert.Null(node["stats"]);
    }

    [Fact]
    public void AManifestThatWouldNotReadBack_IsNotWritten()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => (Manifest() with { Segments = [] }).Write(stream));
        Assert.Throws<ArgumentException>(() => (Manifest() with { FormatVersion = 2 }).Write(stream));
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void Validate_AcceptsItsOwnModelAndContent()
    {
        Manifest().Validate(Fingerprint, SourceHash);
    }

    [Fact]
    public void AnotherModelsCache_IsAMismatch()
    {
        var error = Assert.Throws<KvCacheMismatchException>(() => Manifest().Validate("sha256:other", SourceHash));

        Assert.Equal(KvCacheMismatch.ModelFingerprint, error.Reason);
        Assert.Equal(Fingerprint, error.Found);
        Assert.Equal("sha256:other", error.Expected);
    }

    [Fact]
    public void AnotherContentsCache_IsAMismatch()
    {
        var error = Assert.Throws<KvCacheMismatchException>(() => Manifest().Validate(Fingerprint, "sha256:other"));

        Assert.Equal(KvCacheMismatch.SourceContent, error.Reason);
    }

    [Fact]
    public void Version2_IsRefused_NamingBothVersions()
    {
        var error = Invalid(Edited(node => node["formatVersion"] = 2));

        Assert.Equal(KvCacheCorruption.UnsupportedVersion, error.Reason);
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(KvManifest.FileName, error.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"formatVersion\": 1, \"codec\": \"Int4\"")]
    [InlineData("[1, 2]")]
    public void NotAManifest_IsInvalid(string json) =>
        Assert.Equal(KvCacheCorruption.ManifestInvalid, Invalid(json).Reason);

    public static TheoryData<string> BrokenFields => new()
    {
        Edited(node => node.Remove("modelFingerprint")),
        Edited(node => node["sourceContentHash"] = ""),
        Edited(node => node["codec"] = "Int3"),
        Edited(node => node["keepRatio"] = 0),
        Edited(node => node["layers"] = 0),
        Edited(node => node["visualTokens"] = 12),
        Edited(node => node["segments"]!.AsArray().RemoveAt(0)),
        Edited(node => node["segments"]![1]!["firstToken"] = 1),
        Edited(node => node["segments"]![1]!["fileName"] = "../seg-00001.kv"),
        Edited(node => node["segments"]![1]!["fileName"] = "seg-00000.kv"),
        Edited(node => node["segments"]![0]!["checksumXxHash64"] = "xyz"),
        Edited(node => node["frames"]![1]!["firstToken"] = 0),
    };

    [Theory]
    [MemberData(nameof(BrokenFields))]
    public void AFieldMissingOrOutOfRange_IsInvalid(string json) =>
        Assert.Equal(KvCacheCorruption.ManifestInvalid, Invalid(json).Reason);
}
