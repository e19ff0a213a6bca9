namespace SparseVila.Gateway.Videos;

/// <summary>A video's media type from its first bytes (what a player needs), not from what the client claimed.</summary>
public static class VideoMediaTypes
{
    /// <summary>The media type of the container in <paramref name="path"/>, or null when it is not one we know.</summary>
    public static string? Sniff(string path)
    {
        Span<byte> head = stackalloc byte[64];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..read];
        // ISO base media (MP4, MOV, 3GP): a box of type 'ftyp' first, the major brand after it.
        if (read >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return head[8..12].SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4";
        }

        // Matroska / WebM: the EBML magic; the doc type says which.
        if (read >= 4 && head[..4].SequenceEqual(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }))
        {
            return head.IndexOf("webm"u8) >= 0 ? "video/webm" : "video/x-matroska";
        }

        if (read >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("AVI "u8))
        {
            return "video/x-msvideo";
        }

        return null;
    }
}
