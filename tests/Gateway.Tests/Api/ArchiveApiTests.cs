using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static SparseVila.Gateway.Tests.Api.ApiCalls;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>Archives: every video entry becomes a video; escaping paths, links and non-videos are skipped with their reason.</summary>
public sealed class ArchiveApiTests(TestAssets assets) : FreshGatewayTest(assets)
{
    [Theory]
    [InlineData("tar", "application/x-tar")]
    [InlineData("tgz", "application/gzip")]
    [InlineData("zip", "application/zip")]
    [InlineData("zip", "multipart")]
    public async Task Archive_VideosBecomeVideosAndTheRestIsSkippedWithReasons(string format, string contentType)
    {
        var archive = await ArchiveAsync(format);

        using var response = await PostArchiveAsync(archive, contentType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var videos = body.GetProperty("videos").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("id").GetString()!);
        Assert.Equal(["b.mp4", "clips/a.mp4"], videos.Keys.Order(StringComparer.Ordinal));
        var skipped = body.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.GetProperty("entry").GetString()!, s => s.GetProperty("reason").GetString()!);
        Assert.Equal("the path leaves the archive", skipped["../evil.mp4"]);
        Assert.Equal("the path leaves the archive", skipped["/etc/evil.mp4"]);
        Assert.Equal("not a decodable video", skipped["notes.txt"]);
        if (format != "zip")
        {
            Assert.Equal("links are not followed", skipped["link.mp4"]);
        }

        Assert.Equal(format == "zip" ? 3 : 4, skipped.Count);
        Assert.Equal(2, StoredFiles(Gateway, "local/uploads").Length);
        Assert.False(File.Exists(Path.Combine(Gateway.EffectiveDataPath, "..", "evil.mp4")));
        foreach (var id in videos.Values)
        {
            Assert.Equal("indexed", (await FollowAsync(Client, id))[^1].GetProperty("status").GetString());
        }

        var again = await Client.GetFromJsonAsync<JsonElement>($"/api/archives/{body.GetProperty("id").GetString()}", Cancel);
        Assert.Equal(body.ToString(), again.ToString());
    }

    private async Task<HttpResponseMessage> PostArchiveAsync(byte[] archive, string contentType)
    {
        HttpContent content;
        if (contentType == "multipart")
        {
            var file = new ByteArrayContent(archive);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            content = new MultipartFormDataContent { { file, "file", "videos.zip" } };
        }
        else
        {
            content = new ByteArrayContent(archive);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using (content)
        {
            return await Client.PostAsync(new Uri("/api/archives", UriKind.Relative), content, Cancel);
        }
    }

    /// <summary>Two videos (one in a folder), two escaping paths, a text file, a folder and (tar only) a symbolic link.</summary>
    private async Task<byte[]> ArchiveAsync(string format)
    {
        var video = await File.ReadAllBytesAsync(Assets.VideoPath, Cancel);
        var other = await File.ReadAllBytesAsync(Assets.OtherVideoPath, Cancel);
        var entries = new (string Name, byte[] Bytes)[]
        {
            ("clips/a.mp4", video), ("../evil.mp4", video), ("/etc/evil.mp4", video), ("notes.txt", "hello"u8.ToArray()), ("b.mp4", other),
        };
        using var output = new MemoryStream();
        if (format == "zip")
        {
            using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            zip.CreateEntry("clips/");
            foreach (var (name, bytes) in entries)
            {
                await using var stream = await zip.CreateEntry(name).OpenAsync(Cancel);
                await stream.WriteAsync(bytes, Cancel);
            }
        }
        else
        {
            Stream target = format == "tgz" ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true) : output;
            await using (var tar = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true))
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "clips/"), Cancel);
                foreach (var (name, bytes) in entries)
                {
                    await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) }, Cancel);
                }

                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "link.mp4") { LinkName = "/etc/passwd" }, Cancel);
            }

            if (target != output)
            {
                await target.DisposeAsync();
            }
        }

        return output.ToArray();
    }
}
