using System.Globalization;

namespace SparseVila.Training.Shapes;

/// <summary>
/// The ffmpeg command that encodes raw RGB24 frames read from stdin:
/// <code>
/// ffmpeg -hide_banner -nostdin -loglevel error -y -f rawvideo -pix_fmt rgb24 -video_size S×S -framerate F -i pipe:0
///   -vf scale=out_color_matrix=bt601:out_range=tv -pix_fmt yuv420p (codec options) -colorspace smpte170m … file:PATH
/// </code>
/// The RGB → YUV conversion is BT.601 limited range and the stream is tagged so, which is what decoders assume of
/// an untagged standard-definition stream anyway: colours come back as they went in, give or take compression.
/// </summary>
internal static class FfmpegEncodeCommand
{
    public static IReadOnlyList<string> Arguments(string fullPath, VideoEncoding encoding) =>
    [
        "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24",
        "-video_size", string.Create(CultureInfo.InvariantCulture, $"{encoding.SizePixels}x{encoding.SizePixels}"),
        "-framerate", encoding.FramesPerSecond.ToString(CultureInfo.InvariantCulture),
        "-i", "pipe:0",
        "-vf", "scale=out_color_matrix=bt601:out_range=tv",
        "-pix_fmt", "yuv420p",
        .. CodecArguments(encoding.Codec),
        "-colorspace", "smpte170m", "-color_primaries", "smpte170m", "-color_trc", "smpte170m", "-color_range", "tv",
        // No random ids or dates in the container (WebM's segment UID): the same frames give the same bytes.
        "-fflags", "+bitexact",
        // file: keeps ffmpeg from reading a path that looks like a protocol (http:, pipe:) as one.
        "file:" + fullPath,
    ];

    private static string[] CodecArguments(VideoCodec codec) => codec switch
    {
        // CRF 23 is libx264's default quality: visible but mild artefacts. faststart puts the index first.
        VideoCodec.H264 => ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-f", "mp4", "-movflags", "+faststart"],
        // Constant quality (-b:v 0) at CRF 32, libvpx's usual middle; realtime speed 8 encodes a frame in milliseconds.
        VideoCodec.Vp9 => ["-c:v", "libvpx-vp9", "-crf", "32", "-b:v", "0", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1", "-f", "webm"],
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "not a codec of the task."),
    };
}
