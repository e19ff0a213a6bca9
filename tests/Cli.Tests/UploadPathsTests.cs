using SparseVila.Cli.Uploads;

namespace SparseVila.Cli.Tests;

public sealed class UploadPathsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sparsevila-cli-paths-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Expand_Folder_FindsEveryVideoRecursivelyByExtension_NamedRelativeToTheFolder()
    {
        var root = Path.Combine(_folder.FullName, "clips");
        Touch(root, "b.mp4", "a.WEBM", "notes.txt", "c.mkv", "trip/day1.mov", "trip/deep/day2.avi", "trip/day3.m4v", "trip/archive.zip", "trip/cover.jpg");

        var plan = UploadPaths.Expand([root]);

        Assert.Equal(["a.WEBM", "b.mp4", "c.mkv", "trip/day1.mov", "trip/day3.m4v", "trip/deep/day2.avi"], plan.Items.Select(i => i.Name));
        Assert.All(plan.Items, item => Assert.Equal(UploadKind.Video, item.Kind));
        Assert.Equal(
            ["video/webm", "video/mp4", "video/x-matroska", "video/quicktime", "video/x-m4v", "video/x-msvideo"],
            plan.Items.Select(i => i.MediaType));
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Expand_Folder_LeavesHiddenFilesOut()
    {
        var root = Path.Combine(_folder.FullName, "clips");
        Touch(root, "seen.mp4", ".hidden.mp4");

        var plan = UploadPaths.Expand([root]);

        Assert.Equal(["seen.mp4"], plan.Items.Select(i => i.Name));
    }

    [Theory]
    [InlineData("videos.tar", "application/x-tar")]
    [InlineData("videos.tar.gz", "application/gzip")]
    [InlineData("VIDEOS.TGZ", "application/gzip")]
    [InlineData("videos.zip", "application/zip")]
    public void Expand_ArchiveFile_IsAnArchive(string name, string mediaType)
    {
        Touch(_folder.FullName, name);

        var item = Assert.Single(UploadPaths.Expand([Path.Combine(_folder.FullName, name)]).Items);

        Assert.Equal(new UploadItem(Path.Combine(_folder.FullName, name), name, UploadKind.Archive, mediaType), item);
    }

    [Fact]
    public void Expand_NamedFileOfAnotherExtension_IsSentAsAVideoOfUnknownType()
    {
        Touch(_folder.FullName, "notes.txt");

        var item = Assert.Single(UploadPaths.Expand([Path.Combine(_folder.FullName, "notes.txt")]).Items);

        Assert.Equal(UploadKind.Video, item.Kind);
        Assert.Null(item.MediaType);
        Assert.Equal("notes.txt", item.Name);
    }

    [Fact]
    public void Expand_FileNamedTwiceOrAlsoInAFolder_IsUploadedOnce()
    {
        Touch(_folder.FullName, "a.mp4", "b.mp4");
        var a = Path.Combine(_folder.FullName, "a.mp4");

        var plan = UploadPaths.Expand([a, _folder.FullName, a, Path.Combine(_folder.FullName, ".", "a.mp4")]);

        Assert.Equal(["a.mp4", "b.mp4"], plan.Items.Select(i => i.Name));
    }

    [Fact]
    public void Expand_FolderWithoutVideos_GivesANote()
    {
        Touch(_folder.FullName, "readme.md");

        var plan = UploadPaths.Expand([_folder.FullName]);

        Assert.Empty(plan.Items);
        Assert.Contains("no video files", Assert.Single(plan.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_MissingPath_Throws()
    {
        var missing = Path.Combine(_folder.FullName, "missing.mp4");

        var error = Assert.Throws<FileNotFoundException>(() => UploadPaths.Expand([missing]));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private static void Touch(string folder, params string[] names)
    {
        foreach (var name in names)
        {
            var path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [1, 2, 3]);
        }
    }
}
