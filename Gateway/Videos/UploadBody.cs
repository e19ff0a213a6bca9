using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using SparseVila.Gateway.Problems;

namespace SparseVila.Gateway.Videos;

/// <summary>
/// The file of an upload request, read as a stream: the raw body, or the multipart field <c>file</c> (read section by
/// section, never buffered as a form). Both video and archive uploads come in this way.
/// </summary>
public static class UploadBody
{
    /// <summary>
    /// Calls <paramref name="consume"/> with the upload's stream and its file name (the multipart file name, if any).
    /// <paramref name="acceptsRaw"/> decides which raw content types are allowed; others are a 415 problem. A declared
    /// length over <paramref name="maxBytes"/> is refused with 413 before anything is read.
    /// </summary>
    public static async Task<T> ReadAsync<T>(
        HttpRequest request, long maxBytes, Func<string, bool> acceptsRaw, string expected, Func<Stream, string?, Task<T>> consume)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(consume);
        // The Gateway enforces its own limit while streaming; Kestrel's default (30 MB) would cut videos short.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        if (request.ContentLength > maxBytes && !request.HasFormContentType)
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Upload too large",
                $"Uploads are limited to {maxBytes:N0} bytes; this one declares {request.ContentLength:N0}.");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || contentType.MediaType.Value is not { } mediaType)
        {
            throw Unsupported(request.ContentType, expected);
        }

        if (mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                throw ApiProblemException.BadRequest("Malformed multipart body", "The multipart Content-Type has no boundary.");
            }

            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(request.HttpContext.RequestAborted).ConfigureAwait(false) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition() && disposition.Name.Value == "file")
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    return await consume(section.Body, fileName).ConfigureAwait(false);
                }
            }

            throw ApiProblemException.BadRequest("No file", "The multipart body has no file field named 'file'.");
        }

        return acceptsRaw(mediaType)
            ? await consume(request.Body, null).ConfigureAwait(false)
            : throw Unsupported(mediaType, expected);
    }

    private static ApiProblemException Unsupported(string? contentType, string expected) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            $"Content-Type '{contentType ?? "(none)"}' is not accepted here; send {expected}, or multipart/form-data with the field 'file'.");
}
