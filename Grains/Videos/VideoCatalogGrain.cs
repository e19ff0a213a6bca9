using System.Globalization;
using SparseVila.Contracts;
using SparseVila.Contracts.Videos;

namespace SparseVila.Grains.Videos;

/// <summary>
/// One tenant's list of videos, newest first, paged by a cursor that names the last entry of a page (so a page does not
/// shift when videos are added or removed meanwhile). No placement attribute: it does no engine work.
/// </summary>
public sealed class VideoCatalogGrain([PersistentState("catalog")] IPersistentState<VideoCatalogState> state) : Grain, IVideoCatalogGrain
{
    /// <summary>The most entries one page may hold.</summary>
    public const int MaxPageSize = 200;

    private List<VideoCatalogEntry> Entries => state.State.Entries;

    public async Task AddAsync(VideoCatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _ = GrainKeys.For(TenantId.Parse(this.GetPrimaryKeyString()), entry.VideoId);
        var existing = Entries.FindIndex(e => e.VideoId == entry.VideoId);
        if (existing >= 0)
        {
            if (Entries[existing] == entry)
            {
                return;
            }

            Entries.RemoveAt(existing);
        }

        var position = Entries.FindIndex(e => Compare(entry, e) < 0);
        Entries.Insert(position < 0 ? Entries.Count : position, entry);
        await state.WriteStateAsync().ConfigureAwait(true);
    }

    public async Task RemoveAsync(string videoId)
    {
        if (Entries.RemoveAll(e => e.VideoId == videoId) > 0)
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
    }

    public Task<VideoCatalogPage> ListAsync(int limit, string? after)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A page holds 1 to {MaxPageSize} videos.");
        }

        var start = 0;
        if (after is not null)
        {
            var cursor = ParseCursor(after);
            start = Entries.FindIndex(e => Compare(cursor, e) < 0);
            start = start < 0 ? Entries.Count : start;
        }

        var page = Entries.Skip(start).Take(limit).ToList();
        var next = start + page.Count < Entries.Count ? CursorOf(page[^1]) : null;
        return Task.FromResult(new VideoCatalogPage(page, next));
    }

    /// <summary>Catalog order: newest first, ties by id descending. Negative when <paramref name="a"/> comes first.</summary>
    private static int Compare(VideoCatalogEntry a, VideoCatalogEntry b)
    {
        var byTime = b.UploadedAt.UtcTicks.CompareTo(a.UploadedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(b.VideoId, a.VideoId);
    }

    private static string CursorOf(VideoCatalogEntry entry) => $"{entry.UploadedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{entry.VideoId}";

    private static VideoCatalogEntry ParseCursor(string cursor)
    {
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks || dot == cursor.Length - 1)
        {
            throw new ArgumentException($"'{cursor}' is not a cursor this list gave.", nameof(cursor));
        }

        return new VideoCatalogEntry(cursor[(dot + 1)..], string.Empty, new DateTimeOffset(ticks, TimeSpan.Zero));
    }
}
