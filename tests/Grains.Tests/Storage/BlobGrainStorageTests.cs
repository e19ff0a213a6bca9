using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using SparseVila.Grains.Storage;

namespace SparseVila.Grains.Tests.Storage;

/// <summary>
/// <see cref="BlobGrainStorage"/> alone (no silo) over each store: what a grain's
/// <c>IPersistentState</c> sees on read, write and clear, and the ETag checks between activations.
/// </summary>
public abstract class BlobGrainStorageTests : IAsyncLifetime
{
    private const string StateName = "profile";
    private static readonly GrainId Grain = GrainId.Create("conversation", "tenant-a/c1");
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private ScratchStore? _scratch;
    private BlobGrainStorage? _storage;

    private IBlobStore Store => (_scratch ?? throw new InvalidOperationException("The store is not created yet.")).Store;

    private BlobGrainStorage Storage => _storage ?? throw new InvalidOperationException("The storage is not created yet.");

    public ValueTask InitializeAsync()
    {
        _scratch = CreateScratchStore();
        var options = new BlobGrainStorageOptions { GrainStorageSerializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()) };
        _storage = new BlobGrainStorage("test", options, Store, _services.GetRequiredService<IActivatorProvider>(), NullLogger<BlobGrainStorage>.Instance);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_scratch is not null)
        {
            await _scratch.DisposeAsync();
        }

        await _services.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>An empty store of the implementation under test.</summary>
    protected abstract ScratchStore CreateScratchStore();

    [Fact]
    public async Task ReadingStateNeverWritten_GivesANewState_WithoutRecordOrETag()
    {
        var state = new GrainState<TestProfile>(new TestProfile { Title = "stale", Turns = 9 });

        await Storage.ReadStateAsync(StateName, Grain, state);

        Assert.Equal(new TestProfile(), state.State);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task WrittenState_IsReadBackByAnotherActivation_WithTheSameETag()
    {
        var written = new GrainState<TestProfile>(new TestProfile { Title = "Cooking video", Turns = 3, Tags = ["pasta", "tomato"] });
        await Storage.WriteStateAsync(StateName, Grain, written);
        var read = new GrainState<TestProfile>();

        await Storage.ReadStateAsync(StateName, Grain, read);

        Assert.Equal(written.State, read.State);
        Assert.True(written.RecordExists);
        Assert.True(read.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task WritingWithAStaleETag_IsInconsistentState_AndKeepsTheStoredState()
    {
        var first = new GrainState<TestProfile>();
        await Storage.ReadStateAsync(StateName, Grain, first);
        first.State = new TestProfile { Title = "first", Turns = 1 };
        await Storage.WriteStateAsync(StateName, Grain, first);
        var second = new GrainState<TestProfile>();
        await Storage.ReadStateAsync(StateName, Grain, second);
        var staleETag = first.ETag;
        second.State = new TestProfile { Title = "second", Turns = 2 };
        await Storage.WriteStateAsync(StateName, Grain, second);

        first.State = new TestProfile { Title = "lost update", Turns = 99 };
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, first));

        Assert.Equal(staleETag, error.CurrentEtag);
        Assert.IsType<BlobConditionFailedException>(error.InnerException);
        var stored = new GrainState<TestProfile>();
        await Storage.ReadStateAsync(StateName, Grain, stored);
        Assert.Equal("second", stored.State?.Title);
        Assert.Equal(second.ETag, stored.ETag);
    }

    [Fact]
    public async Task CreatingStateAnotherActivationAlreadyCreated_IsInconsistentState()
    {
        var winner = new GrainState<TestProfile>(new TestProfile { Title = "winner" });
        var loser = new GrainState<TestProfile>(new TestProfile { Title = "loser" });
        await Storage.WriteStateAsync(StateName, Grain, winner);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, loser));

        var stored = new GrainState<TestProfile>();
        await Storage.ReadStateAsync(StateName, Grain, stored);
        Assert.Equal("winner", stored.State?.Title);
    }

    [Fact]
    public async Task Clear_DeletesTheState_AndAClearWithAStaleETagIsInconsistentState()
    {
        var state = new GrainState<TestProfile>(new TestProfile { Title = "to clear", Turns = 1 });
        await Storage.WriteStateAsync(StateName, Grain, state);
        var stale = new GrainState<TestProfile> { ETag = state.ETag };
        await Storage.WriteStateAsync(StateName, Grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, Grain, stale));
        await Storage.ClearStateAsync(StateName, Grain, state);

        Assert.Equal(new TestProfile(), state.State);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        var read = new GrainState<TestProfile>();
        await Storage.ReadStateAsync(StateName, Grain, read);
        Assert.False(read.RecordExists);
        Assert.Null(await Store.GetPropertiesAsync(Storage.BlobNameOf(StateName, Grain), TestContext.Current.CancellationToken));

        await Storage.WriteStateAsync(StateName, Grain, state);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task EachGrainAndStateName_HasItsOwnBlob_UnderThePrefix()
    {
        var other = GrainId.Create("conversation", "tenant-a/c2");
        await Storage.WriteStateAsync(StateName, Grain, new GrainState<TestProfile>(new TestProfile { Title = "c1 profile" }));
        await Storage.WriteStateAsync("history", Grain, new GrainState<TestProfile>(new TestProfile { Title = "c1 history" }));
        await Storage.WriteStateAsync(StateName, other, new GrainState<TestProfile>(new TestProfile { Title = "c2 profile" }));

        var names = new List<string>();
        await foreach (var blob in Store.ListAsync(string.Empty, TestContext.Current.CancellationToken))
        {
            names.Add(blob.Name);
        }

        Assert.Equal(
            ["grainstate/conversation/tenant-a_2Fc1/history", "grainstate/conversation/tenant-a_2Fc1/profile", "grainstate/conversation/tenant-a_2Fc2/profile"],
            names);
        var read = new GrainState<TestProfile>();
        await Storage.ReadStateAsync("history", Grain, read);
        Assert.Equal("c1 history", read.State?.Title);
    }
}

public sealed class FileSystemBlobGrainStorageTests : BlobGrainStorageTests
{
    protected override ScratchStore CreateScratchStore() => ScratchStore.InTemporaryFolder();
}

[Collection(AzuriteTestGroup.Name)]
public sealed class AzureBlobGrainStorageTests(AzuriteFixture azurite) : BlobGrainStorageTests
{
    protected override ScratchStore CreateScratchStore() => ScratchStore.InAzurite(azurite);
}

/// <summary>A grain state as the project's grains keep them: a generated-serializer type with numbered members.</summary>
[GenerateSerializer]
public sealed record TestProfile
{
    [Id(0)]
    public string Title { get; init; } = string.Empty;

    [Id(1)]
    public int Turns { get; init; }

    [Id(2)]
    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool Equals(TestProfile? other) =>
        other is not null && Title == other.Title && Turns == other.Turns && Tags.SequenceEqual(other.Tags);

    public override int GetHashCode() => HashCode.Combine(Title, Turns, Tags.Count);
}
