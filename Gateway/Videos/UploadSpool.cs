using System.Security.Cryptography;
using SparseVila.Gateway.Problems;

namespace SparseVila.Gateway.Videos;

/// <summary>
/// Copies an upload to a local temporary file, hashing (SHA-256) and counting as it goes and stopping at the size limit.
/// The file is what gets probed (ffprobe needs to seek: an MP4's index is often at its end) and then streamed to storage;
/// memory use is one buffer whatever the size.
/// </summary>
public static class UploadSpool
{
    private const int BufferBytes = 1 << 20;

    /// <summary>
    /// Copies <paramref name="content"/> into a new file in <paramref name="folder"/>. Throws a 413 problem past
    /// <paramref name="maxBytes"/> and a 400 problem for an empty upload; the file is deleted then.
    /// </summary>
    public static async Task<SpooledUpload> CopyAsync(Stream content, string folder, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"upload-{Guid.NewGuid():N}.part");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var buffer = new byte[BufferBytes];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Upload too large",
                            $"Uploads are limited to {maxBytes:N0} bytes (Gateway:MaxUploadBytes); this one is larger.");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            if (length == 0)
            {
                throw ApiProblemException.BadRequest("Empty upload", "The upload has no bytes; send the video as the body or as the multipart field 'file'.");
            }

            return new SpooledUpload(path, length, "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}

/// <summary>An upload on local disk: its file, size and content hash (<c>sha256:…</c>). Dispose deletes the file.</summary>
public sealed record SpooledUpload(string Path, long LengthBytes, string ContentHash) : IDisposable
{
    public void Dispose() => File.Delete(Path);
}
