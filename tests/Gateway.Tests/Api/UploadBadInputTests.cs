using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static SparseVila.Gateway.Tests.Api.ApiCalls;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>Each bad upload gets its status and a problem body, and nothing is stored or listed.</summary>
public sealed class UploadBadInputTests(TestAssets assets) : FreshGatewayTest(assets, new Dictionary<string, string> { ["Gateway:MaxUploadBytes"] = $"{MaxUploadBytes}" })
{
    private const long MaxUploadBytes = 64 * 1024;

    public static TheoryData<string, string, int, string> Cases => new()
    {
        { "empty", "video/mp4", 400, "Empty upload" },
        { "text", "text/plain", 415, "Unsupported media type" },
        { "none", "", 415, "Unsupported media type" },
        { "noise", "video/mp4", 422, "Not a decodable video" },
        { "audio", "video/mp4", 422, "Not a decodable video" },
        { "truncated", "video/mp4", 422, "Not a decodable video" },
        { "huge", "video/mp4", 413, "Upload too large" },
        { "huge-chunked", "video/mp4", 413, "Upload too large" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadUpload_IsRefusedWithItsProblemAndNothingIsStored(string kind, string contentType, int status, string title)
    {
        using var content = await BodyAsync(kind);
        if (contentType.Length > 0)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await Client.PostAsync(new Uri("/api/videos", UriKind.Relative), content, Cancel);

        var problem = await ProblemAsync(response, (HttpStatusCode)status);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Empty(StoredFiles(Gateway, "local/uploads"));
        Assert.Empty(SpooledFiles(Gateway));
        var list = await Client.GetFromJsonAsync<JsonElement>("/api/videos", Cancel);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task MultipartWithoutAFileField_Is400()
    {
        using var form = new MultipartFormDataContent { { new StringContent("hello"), "note" } };

        using var response = await Client.PostAsync(new Uri("/api/videos", UriKind.Relative), form, Cancel);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("No file", problem.GetProperty("title").GetString());
    }

    private async Task<HttpContent> BodyAsync(string kind)
    {
        switch (kind)
        {
            case "empty":
                return new ByteArrayContent([]);
            case "text":
            case "none":
                return new StringContent("not a video");
            case "noise":
                return new ByteArrayContent(RandomBytes(4096));
            case "audio":
                return new ByteArrayContent(await SilentWaveAsync());
            case "truncated":
                var video = await File.ReadAllBytesAsync(Assets.VideoPath, Cancel);
                return new ByteArrayContent(video[..Math.Min(video.Length / 8, 2048)]);
            case "huge":
                return new ByteArrayContent(RandomBytes((int)MaxUploadBytes + 1));
            case "huge-chunked":
                // No Content-Length: the limit is found while streaming.
                return new StreamContent(new NonSeekableStream(RandomBytes((int)MaxUploadBytes * 3)));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    /// <summary>One second of 8 kHz silence as a WAV file: media, but no video stream.</summary>
    private static Task<byte[]> SilentWaveAsync()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            const int samples = 8000;
            writer.Write("RIFF"u8);
            writer.Write(36 + (samples * 2));
            writer.Write("WAVEfmt "u8);
            writer.Write(16);
            writer.Write((short)1);
            writer.Write((short)1);
            writer.Write(8000);
            writer.Write(16000);
            writer.Write((short)2);
            writer.Write((short)16);
            writer.Write("data"u8);
            writer.Write(samples * 2);
            writer.Write(new byte[samples * 2]);
        }

        return Task.FromResult(stream.ToArray());
    }

    /// <summary>A stream that cannot tell its length, so the request is sent chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
