namespace SparseVila.Training.Shapes;

/// <summary>ffmpeg could not write a video. The message names the file and ends with the last lines ffmpeg printed.</summary>
public sealed class VideoEncodeException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>, carrying ffmpeg's last stderr lines.</summary>
    public VideoEncodeException(string path, string message, string stderrTail, Exception? innerException = null)
        : base($"{message} ffmpeg: {stderrTail}", innerException)
    {
        Path = path;
        StderrTail = stderrTail;
    }

    /// <summary>The file that was being written.</summary>
    public string Path { get; }

    /// <summary>The last lines ffmpeg wrote to stderr.</summary>
    public string StderrTail { get; }
}
