using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace SparseVila.Grains.Storage;

/// <summary>
/// Grain state as blobs in an <see cref="IBlobStore"/>, with ETag optimistic concurrency: a state never
/// written is created with <c>If-None-Match: *</c>, later writes and clears carry <c>If-Match</c> with the
/// ETag last read or written, and a failed condition is an <see cref="InconsistentStateException"/>
/// (another activation, or a lost write, changed the state meanwhile).
/// </summary>
/// <remarks>
/// One blob per grain and state: <c>{prefix}/{grain type}/{grain key}/{state name}</c>, each part escaped
/// by <see cref="EscapeSegment"/>. State is small and is serialized into memory before it is written;
/// reading streams it from the store into the serializer.
/// </remarks>
public sealed partial class BlobGrainStorage(
    string name, BlobGrainStorageOptions options, IBlobStore store, IActivatorProvider activatorProvider, ILogger<BlobGrainStorage> logger)
    : IGrainStorage
{
    private readonly IGrainStorageSerializer _serializer = options.GrainStorageSerializer
        ?? throw new ArgumentException($"The blob grain storage '{name}' has no serializer.", nameof(options));

    private readonly ILogger _logger = logger;

    /// <summary>The storage's name, as <c>[PersistentState]</c> refers to it.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// The blob holding the state <paramref name="stateName"/> of <paramref name="grainId"/>. Different
    /// grains or state names get different blobs (see <see cref="EscapeSegment"/>).
    /// </summary>
    public string BlobNameOf(string stateName, GrainId grainId) => string.Join(
        BlobNames.Separator,
        options.BlobPrefix,
        EscapeSegment(grainId.Type.ToString() ?? string.Empty),
        EscapeSegment(grainId.Key.ToString() ?? string.Empty),
        EscapeSegment(stateName));

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var blobName = BlobNameOf(stateName, grainId);
        LogReading(grainId, stateName, blobName);
        try
        {
            var blob = await store.OpenReadAsync(blobName, cancellationToken).ConfigureAwait(false);
            await using (blob.ConfigureAwait(false))
            {
                // An empty blob is a state that exists as a version (it has an ETag) but holds no value.
                var state = blob.LengthBytes == 0 ? default : await DeserializeAsync<T>(blob.Content, cancellationToken).ConfigureAwait(false);
                grainState.State = state ?? CreateInstance<T>();
                grainState.RecordExists = state is not null;
                grainState.ETag = blob.ETag;
                LogRead(grainId, stateName, blobName, blob.ETag, blob.LengthBytes);
            }
        }
        catch (BlobNotFoundException)
        {
            ResetToNone(grainState);
            LogNotFound(grainId, stateName, blobName);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReadFailed(e, grainId, stateName, blobName);
            throw;
        }
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var blobName = BlobNameOf(stateName, grainId);
        var condition = BlobCondition.ForETag(grainState.ETag);
        LogWriting(grainId, stateName, blobName, condition);
        try
        {
            using var content = new MemoryStream();
            await SerializeAsync(grainState.State, content, cancellationToken).ConfigureAwait(false);
            content.Position = 0;
            var eTag = await store.WriteAsync(blobName, content, condition, cancellationToken).ConfigureAwait(false);
            grainState.ETag = eTag;
            grainState.RecordExists = true;
            LogWritten(grainId, stateName, blobName, eTag, content.Length);
        }
        catch (BlobConditionFailedException e)
        {
            LogConflict(grainId, stateName, blobName, condition);
            throw Inconsistent(e, grainState.ETag);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWriteFailed(e, grainId, stateName, blobName);
            throw;
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var blobName = BlobNameOf(stateName, grainId);
        var condition = BlobCondition.ForETag(grainState.ETag);
        LogClearing(grainId, stateName, blobName, condition);
        try
        {
            await store.DeleteAsync(blobName, condition, cancellationToken).ConfigureAwait(false);
            ResetToNone(grainState);
            LogCleared(grainId, stateName, blobName);
        }
        catch (BlobConditionFailedException e)
        {
            LogConflict(grainId, stateName, blobName, condition);
            throw Inconsistent(e, grainState.ETag);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogClearFailed(e, grainId, stateName, blobName);
            throw;
        }
    }

    /// <summary>
    /// One path segment for any text: letters, digits and '-' stay; every other UTF-8 byte becomes
    /// <c>_XX</c> (upper-case hex), '_' included, so the mapping is reversible and so injective; a
    /// leading '.' is escaped too. Empty text is <c>_</c> (no escape is that short). Text whose escaped
    /// form would pass <see cref="BlobNames.MaxSegmentLengthChars"/> is <c>sha256-{hex}</c> of its UTF-8,
    /// which could meet only a key that is literally another key's SHA-256 spelled that way.
    /// </summary>
    public static string EscapeSegment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return "_";
        }

        var escaped = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c == '-' || (c == '.' && escaped.Length > 0))
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append('_').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return escaped.Length <= BlobNames.MaxSegmentLengthChars
            ? escaped.ToString()
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private async ValueTask<T?> DeserializeAsync<T>(Stream content, CancellationToken cancellationToken)
    {
        if (_serializer is IGrainStorageStreamingSerializer streaming)
        {
            return await streaming.DeserializeAsync<T>(content, cancellationToken).ConfigureAwait(false);
        }

        return _serializer.Deserialize<T>(await BinaryData.FromStreamAsync(content, cancellationToken).ConfigureAwait(false));
    }

    private async ValueTask SerializeAsync<T>(T state, Stream destination, CancellationToken cancellationToken)
    {
        if (_serializer is IGrainStorageStreamingSerializer streaming)
        {
            await streaming.SerializeAsync(state, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        await destination.WriteAsync(_serializer.Serialize(state).ToMemory(), cancellationToken).ConfigureAwait(false);
    }

    private InconsistentStateException Inconsistent(BlobConditionFailedException e, string? currentETag) =>
        new($"The grain state in storage '{Name}' changed since it was read: {e.Message}", storedEtag: null, currentEtag: currentETag, e);

    private T CreateInstance<T>() => activatorProvider.GetActivator<T>().Create();

    /// <summary>A state with no stored record: a fresh instance, no ETag.</summary>
    private void ResetToNone<T>(IGrainState<T> grainState)
    {
        grainState.State = CreateInstance<T>();
        grainState.RecordExists = false;
        grainState.ETag = null;
    }
}
