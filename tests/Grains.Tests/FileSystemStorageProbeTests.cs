using SparseVila.Grains.Storage;

namespace SparseVila.Grains.Tests;

public sealed class FileSystemStorageProbeTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sparsevila-probe-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task CheckWritable_CreatesAMissingFolder_AndLeavesNothingBehind()
    {
        var dataPath = Path.Combine(_root.FullName, "data", "nested");
        var probe = new FileSystemStorageProbe(dataPath);

        var problem = await probe.CheckWritableAsync(TestContext.Current.CancellationToken);

        Assert.Null(problem);
        Assert.True(Directory.Exists(dataPath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dataPath));
    }

    [Fact]
    public async Task CheckWritable_WhenTheRootIsAFile_SaysWhyAndNamesTheFolder()
    {
        var file = Path.Combine(_root.FullName, "not-a-folder");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        var probe = new FileSystemStorageProbe(Path.Combine(file, "data"));

        var problem = await probe.CheckWritableAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(problem);
        Assert.Contains("not writable", problem, StringComparison.Ordinal);
        Assert.Contains(probe.RootPath, problem, StringComparison.Ordinal);
    }
}
