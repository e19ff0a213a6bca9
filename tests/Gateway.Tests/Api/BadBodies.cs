using System.Net.Http.Headers;
using System.Text;

namespace SparseVila.Gateway.Tests.Api;

/// <summary>Request bodies that are not what the API asks for.</summary>
internal static class BadBodies
{
    /// <summary><paramref name="bytes"/> as a body of <paramref name="contentType"/> (none when null).</summary>
    public static HttpContent Raw(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return content;
    }

    /// <summary><paramref name="json"/> as an <c>application/json</c> body, sent as it is (not necessarily JSON).</summary>
    public static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    /// <summary><paramref name="count"/> seeded random bytes: no format at all.</summary>
    public static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    /// <summary>One second of 8 kHz silence as a WAV file: media, but no video stream.</summary>
    public static byte[] SilentWave()
    {
        const int Samples = 8000;
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
        {
            writer.Write("RIFF"u8);
            writer.Write(36 + (Samples * 2));
            writer.Write("WAVEfmt "u8);
            writer.Write(16);                                                                    // fmt chunk length
            writer.Write((short)1);                                                              // PCM
            writer.Write((short)1);                                                              // mono
            writer.Write(8000);                                                                  // samples per second
            writer.Write(16000);                                                                 // bytes per second
            writer.Write((short)2);                                                              // block align
            writer.Write((short)16);                                                             // bits per sample
            writer.Write("data"u8);
            writer.Write(Samples * 2);
            writer.Write(new byte[Samples * 2]);
        }

        return stream.ToArray();
    }

    /// <summary><paramref name="bytes"/> as a body that cannot tell its length, so the request is sent chunked.</summary>
    public static HttpContent Chunked(byte[] bytes, string contentType)
    {
        var content = new StreamContent(new NonSeekableStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
