using SparseVila.Gateway.Videos;

namespace SparseVila.Gateway.Tests.Units;

public sealed class VideoMediaTypesTests
{
    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m' }, "video/mp4")]
    [InlineData(new byte[] { 0, 0, 0, 0x14, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'q', (byte)'t', (byte)' ', (byte)' ' }, "video/quicktime")]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0x84, (byte)'w', (byte)'e', (byte)'b', (byte)'m' }, "video/webm")]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0x88, (byte)'m', (byte)'a', (byte)'t', (byte)'r' }, "video/x-matroska")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'A', (byte)'V', (byte)'I', (byte)' ' }, "video/x-msvideo")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'A', (byte)'V', (byte)'E' }, null)]
    [InlineData(new byte[] { 1, 2, 3 }, null)]
    public void Sniff_ReadsTheContainerFromTheFirstBytes(byte[] head, string? expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, head);
            Assert.Equal(expected, VideoMediaTypes.Sniff(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
