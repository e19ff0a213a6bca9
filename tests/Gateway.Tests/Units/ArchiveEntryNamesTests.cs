using SparseVila.Gateway.Archives;

namespace SparseVila.Gateway.Tests.Units;

public sealed class ArchiveEntryNamesTests
{
    [Theory]
    [InlineData("a.mp4")]
    [InlineData("trip/day1.mp4")]
    [InlineData("./trip/day1.mp4")]
    [InlineData("a..b.mp4")]
    [InlineData("..hidden/x.mp4")]
    public void PathsInsideTheArchive_AreFine(string path) => Assert.Null(ArchiveEntryNames.Problem(path));

    [Theory]
    [InlineData("../a.mp4")]
    [InlineData("trip/../../a.mp4")]
    [InlineData("/etc/a.mp4")]
    [InlineData("\\\\server\\share\\a.mp4")]
    [InlineData("..\\a.mp4")]
    [InlineData("C:\\a.mp4")]
    [InlineData("c:a.mp4")]
    [InlineData("trip/..")]
    public void PathsThatEscape_AreRefused(string path) => Assert.Equal(ArchiveEntryNames.EscapesReason, ArchiveEntryNames.Problem(path));

    [Fact]
    public void ControlCharactersAndEmptyNames_AreRefusedWithTheirOwnReason()
    {
        Assert.Equal("the name holds control characters", ArchiveEntryNames.Problem("a\nb.mp4"));
        Assert.Equal("the entry has no name", ArchiveEntryNames.Problem(string.Empty));
    }

    [Theory]
    [InlineData("./trip/day1.mp4", "trip/day1.mp4")]
    [InlineData("trip\\day1.mp4", "trip/day1.mp4")]
    [InlineData("a.mp4", "a.mp4")]
    public void DisplayName_UsesForwardSlashesWithoutALeadingDot(string path, string expected) =>
        Assert.Equal(expected, ArchiveEntryNames.DisplayName(path));
}
