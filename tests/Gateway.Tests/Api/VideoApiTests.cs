using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static SparseVila.Gateway.Tests.Api.ApiCalls;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>Upload, follow, list, frames, bytes and delete, through the HTTP API of a Gateway with its in-process silo.</summary>
public sealed class VideoApiTests(TestAssets assets) : FreshGatewayTest(assets)
{
    [Fact]
    public async Task Upload_RawBody_Is202WithLinksThenIndexesWithProgressEventsToIndexed()
    {
        var body = await UploadAsync(Client, Assets.VideoPath, "?name=cats.mp4");

        var id = body.GetProperty("id").GetString()!;
        Assert.Equal("cats.mp4", body.GetProperty("name").GetString());
        Assert.Contains(body.GetProperty("status").GetString(), new[] { "indexing", "indexed" });
        Assert.Equal($"/api/videos/{id}/events", body.GetProperty("links").GetProperty("events").GetString());
        Assert.Equal(new FileInfo(Assets.VideoPath).Length, body.GetProperty("sizeBytes").GetInt64());

        var events = await FollowAsync(Client, id);
        Assert.Equal("indexed", events[^1].GetProperty("status").GetString());
        var fractions = events.Select(e => e.GetProperty("progress").GetProperty("fraction").GetDouble()).ToList();
        Assert.Equal(1.0, fractions[^1]);
        Assert.Equal(fractions.Order(), fractions);
        Assert.Equal(8, events[^1].GetProperty("progress").GetProperty("framesTotal").GetInt32());

        var video = await Client.GetFromJsonAsync<JsonElement>($"/api/videos/{id}", Cancel);
        Assert.Equal("indexed", video.GetProperty("status").GetString());
        Assert.Equal(8.0, video.GetProperty("durationSeconds").GetDouble(), 1);
        Assert.Single(StoredFiles(Gateway, "local/uploads"));
    }

    [Fact]
    public async Task Upload_Multipart_TakesTheFileNameAndIndexFalseLeavesItUploaded()
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(Assets.OtherVideoPath));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", "holiday.mp4");

        using var response = await Client.PostAsync(new Uri("/api/videos?index=false", UriKind.Relative), form, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("holiday.mp4", body.GetProperty("name").GetString());
        Assert.Equal("uploaded", body.GetProperty("status").GetString());
        Assert.Equal($"/api/videos/{body.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        var video = await Client.GetFromJsonAsync<JsonElement>($"/api/videos/{body.GetProperty("id").GetString()}", Cancel);
        Assert.Equal("uploaded", video.GetProperty("status").GetString());
        Assert.Equal(0, video.GetProperty("progress").GetProperty("framesDone").GetInt32());
    }

    [Fact]
    public async Task Index_StartsIndexingAVideoUploadedWithoutIt()
    {
        var id = (await UploadAsync(Client, Assets.OtherVideoPath, "?index=false")).GetProperty("id").GetString()!;

        using var response = await Client.PostAsync(new Uri($"/api/videos/{id}/index", UriKind.Relative), content: null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("indexed", (await FollowAsync(Client, id))[^1].GetProperty("status").GetString());
        using var unknown = await Client.PostAsync(new Uri("/api/videos/0123456789abcdef/index", UriKind.Relative), content: null, Cancel);
        await ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/videos/0123456789abcdef/events", "GET")]
    [InlineData("/api/conversations/0123456789abcdef/messages", "POST")]
    public async Task EventStreamRequests_ThatFailBeforeTheStream_GetAProblemEvenAcceptingOnlyEvents(string path, string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { question = "what?" }) : null,
        };
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await Client.SendAsync(request, Cancel);

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_IsNewestFirstAndPagesWithACursor()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await UploadAsync(Client, Assets.OtherVideoPath, $"?index=false&name=v{i}")).GetProperty("id").GetString()!);
        }

        var first = await Client.GetFromJsonAsync<JsonElement>("/api/videos?limit=2", Cancel);
        var next = first.GetProperty("next").GetString();
        var second = await Client.GetFromJsonAsync<JsonElement>($"/api/videos?limit=2&after={next}", Cancel);

        var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(v => v.GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Reverse(ids), listed);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        using var bad = await Client.GetAsync(new Uri("/api/videos?limit=0", UriKind.Relative), Cancel);
        await ProblemAsync(bad, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Frame_IsAJpegOfTheRequestedWidth()
    {
        var id = (await UploadAsync(Client, Assets.VideoPath, "?index=false")).GetProperty("id").GetString()!;

        using var frame = await Client.GetAsync(new Uri($"/api/videos/{id}/frame?t=2.5&width=64", UriKind.Relative), Cancel);
        var jpeg = await frame.Content.ReadAsByteArrayAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.Equal("image/jpeg", frame.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal(64, JpegWidth(jpeg));
    }

    [Fact]
    public async Task Content_ServesTheUploadedBytesWithRanges()
    {
        var id = (await UploadAsync(Client, Assets.VideoPath, "?index=false")).GetProperty("id").GetString()!;
        var original = await File.ReadAllBytesAsync(Assets.VideoPath, Cancel);

        var whole = await Client.GetByteArrayAsync(new Uri($"/api/videos/{id}/content", UriKind.Relative), Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/videos/{id}/content");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await Client.SendAsync(request, Cancel);

        Assert.Equal(original, whole);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal("video/mp4", part.Content.Headers.ContentType?.MediaType);
        Assert.Equal(original[100..200], await part.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task Delete_RemovesTheVideoItsBytesAndItsListing()
    {
        var id = await UploadIndexedAsync(Client, Assets.VideoPath);

        using var deleted = await Client.DeleteAsync(new Uri($"/api/videos/{id}", UriKind.Relative), Cancel);
        using var gone = await Client.GetAsync(new Uri($"/api/videos/{id}", UriKind.Relative), Cancel);
        using var again = await Client.DeleteAsync(new Uri($"/api/videos/{id}", UriKind.Relative), Cancel);
        var list = await Client.GetFromJsonAsync<JsonElement>("/api/videos", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAsync(gone, HttpStatusCode.NotFound);
        await ProblemAsync(again, HttpStatusCode.NotFound);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), v => v.GetProperty("id").GetString() == id);
        Assert.Empty(StoredFiles(Gateway, "local/uploads"));
    }

    /// <summary>The width in a baseline or progressive JPEG's start-of-frame segment.</summary>
    private static int JpegWidth(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length;)
        {
            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                return (jpeg[i + 7] << 8) | jpeg[i + 8];
            }

            i += 2 + length;
        }

        throw new InvalidDataException("No start-of-frame segment.");
    }
}
