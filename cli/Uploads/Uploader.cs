using SparseVila.Cli.Commands;
using SparseVila.Cli.Http;
using SparseVila.Cli.Output;
using SparseVila.Cli.Videos;

namespace SparseVila.Cli.Uploads;

/// <summary>What <c>upload</c> was asked to do besides uploading.</summary>
public sealed record UploadSettings(bool Index, bool Wait, int Parallel, double? TimeoutSeconds);

/// <summary>
/// Uploads files <see cref="UploadSettings.Parallel"/> at a time, each with a progress line (bytes sent), and with
/// <see cref="UploadSettings.Wait"/> follows every resulting video's indexing on the same line as soon as its upload is
/// done. A file the Gateway refuses (400, 413, 415, 422) is a row with exit code 4, and the others go on; any other
/// refusal (a wrong key, a Gateway that stays busy) stops the command.
/// </summary>
public sealed class Uploader(CliSession session, UploadSettings settings)
{
    /// <summary>More files than this and finished lines leave the live board (the results table lists them all).</summary>
    private const int MaxLinesKept = 10;

    public async Task<IReadOnlyList<VideoOutcome>> RunAsync(IReadOnlyList<UploadItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var deadline = new Deadline(settings.TimeoutSeconds, cancellationToken);
        using var slots = new SemaphoreSlim(settings.Parallel);
        var outcomes = await ProgressBoards.RunAsync(session.Console, items.Count > MaxLinesKept, async board =>
        {
            var all = await Task.WhenAll(items.Select(item => UploadAsync(item, board, slots, deadline))).ConfigureAwait(false);
            return all.SelectMany(o => o).ToList();
        }).ConfigureAwait(false);
        return outcomes;
    }

    private async Task<IReadOnlyList<VideoOutcome>> UploadAsync(UploadItem item, IProgressBoard board, SemaphoreSlim slots, Deadline deadline)
    {
        IProgressLine line;
        object uploaded;
        try
        {
            await slots.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            return [TimedOut(item, "waiting to upload")];
        }

        try
        {
            line = board.Add(item.Name);
            line.Stage("uploading");
            var totalBytes = item.LengthBytes;
            var sent = new Reporter(bytes => line.Report(
                totalBytes == 0 ? 1 : (double)bytes / totalBytes,
                bytes < totalBytes ? $"{Units.Bytes(bytes)}/{Units.Bytes(totalBytes)}" : $"{Units.Bytes(totalBytes)} sent, the Gateway checks it"));
            try
            {
                uploaded = item.Kind == UploadKind.Archive
                    ? await session.Api.UploadArchiveAsync(item, settings.Index, sent, deadline.Token).ConfigureAwait(false)
                    : await session.Api.UploadVideoAsync(item, settings.Index, sent, deadline.Token).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Status is 400 or 413 or 415 or 422)
            {
                line.Finish("refused", succeeded: false);
                return [new VideoOutcome("-", item.Name, "refused", e.Describe(), ExitCodes.Refused)];
            }
            catch (OperationCanceledException) when (deadline.Expired)
            {
                line.Finish("timed out", succeeded: false);
                return [TimedOut(item, "uploading")];
            }
        }
        finally
        {
            slots.Release();
        }

        return uploaded switch
        {
            Video video => [await AfterUploadAsync(video, video.Name, line, deadline).ConfigureAwait(false)],
            ArchiveImport archive => await AfterArchiveAsync(item, archive, line, board, deadline).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"Unexpected upload result {uploaded.GetType().Name}."),
        };
    }

    private async Task<VideoOutcome> AfterUploadAsync(Video video, string name, IProgressLine line, Deadline deadline)
    {
        if (!settings.Wait)
        {
            line.Finish("uploaded", succeeded: true);
            return VideoOutcome.Of(video) with { Name = name };
        }

        return await VideoFollower.FollowAsync(session.Api, video.Id, name, line, deadline).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<VideoOutcome>> AfterArchiveAsync(
        UploadItem item, ArchiveImport archive, IProgressLine line, IProgressBoard board, Deadline deadline)
    {
        var skipped = archive.Skipped.Count > 0 ? $", {archive.Skipped.Count} skipped" : string.Empty;
        line.Finish($"{archive.Videos.Count} videos{skipped}", succeeded: archive.Skipped.Count == 0);
        var videos = settings.Wait
            ? await Task.WhenAll(archive.Videos.Select(v =>
                VideoFollower.FollowAsync(session.Api, v.Id, v.Name, board.Add($"{item.Name}: {v.Name}"), deadline))).ConfigureAwait(false)
            : archive.Videos.Select(v => new VideoOutcome(v.Id, v.Name, settings.Index ? VideoStatuses.Indexing : VideoStatuses.Uploaded, string.Empty, ExitCodes.Success));
        var entries = archive.Skipped.Select(s => new VideoOutcome("-", $"{item.Name}: {s.Entry}", "skipped", s.Reason, ExitCodes.Refused));
        return [.. videos, .. entries];
    }

    private static VideoOutcome TimedOut(UploadItem item, string stage) =>
        new("-", item.Name, "timed out", $"timed out {stage}", ExitCodes.Timeout);

    /// <summary>Reports on the thread that sends (Progress&lt;T&gt; would post reports out of order).</summary>
    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
