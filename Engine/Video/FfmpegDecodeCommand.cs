using System.Globalization;

namespace SparseVila.Engine.Video;

/// <summary>
/// The one ffmpeg command that decodes a video's sampled frames, already resized and cropped, as raw RGB:
/// <code>
/// ffmpeg -hide_banner -nostdin -loglevel error -i file:PATH -map 0:STREAM
///   -vf "setpts=PTS-FIRST/TB,fps=fps=RATE:start_time=0:round=up,scale=…:flags=bicubic+…,crop=…:exact=1,format=rgb24"
///   -frames:v COUNT -fps_mode passthrough -f rawvideo -pix_fmt rgb24 pipe:1
/// </code>
/// One decoding pass through the stream, not one process or one seek per frame: frames are selected in the
/// filter graph, only the selected ones are scaled, and ffmpeg stops after the last one (<c>-frames:v</c>).
/// At a fixed rate of a frame a second nearly every GOP must be decoded anyway, so one pass is the cheapest.
/// For sparse uniform sampling of a long video it is not: measured on a 5-minute 640×360 30 fps H.264 file
/// (keyframe every 250 frames, busy 2-core machine), 8 uniform frames took 4.4 s in one pass and 3.6–4.1 s as
/// 8 processes with input seeking (<c>-ss t -i</c>); the pass grows with the video's length, seeking does not.
/// Seeking is left out for now: it needs a process or an open input per frame, and ffmpeg's accurate seek
/// yields the first frame at or after t, not the frame displayed at t, so each seek would need its own margin.
/// </summary>
internal static class FfmpegDecodeCommand
{
    // Hugging Face stores PIL's filter codes; these are swscale's names for the same kernels.
    private static readonly string[] SwscaleFilters = ["neighbor", "lanczos", "bilinear", "bicubic"];
    private const int PilBicubic = 3;

    public static IReadOnlyList<string> Arguments(string fullPath, int streamIndex, SamplingGrid grid, ImagePreprocessing preprocessing) =>
    [
        "-hide_banner", "-nostdin", "-loglevel", "error",
        // file: keeps ffmpeg from reading a path that looks like a protocol (http:, pipe:) as one.
        "-i", "file:" + fullPath,
        "-map", string.Create(CultureInfo.InvariantCulture, $"0:{streamIndex}"),
        "-vf", FilterGraph(grid, preprocessing),
        "-frames:v", grid.FrameCount.ToString(CultureInfo.InvariantCulture),
        // Pass the filter's frames through as they are: no duplication or dropping by the output's frame rate.
        "-fps_mode", "passthrough",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
    ];

    public static string FilterGraph(SamplingGrid grid, ImagePreprocessing preprocessing)
    {
        // setpts moves the grid's first instant to 0. fps then fills slot n (at n / rate) with the last frame whose
        // time is at or before it: round=up files a frame at time p under slot ceil(p · rate), and of the frames
        // filed under or before n the latest wins. So slot n holds the frame displayed at t(n); slots before the
        // first frame repeat the first frame. The rate is passed as the grid's fraction, exactly.
        var select = string.Create(CultureInfo.InvariantCulture,
            $"setpts=PTS-{grid.FirstSeconds:R}/TB,fps=fps={grid.FramesPerPeriod:R}/{grid.PeriodSeconds:R}:start_time=0:round=up");
        var resize = preprocessing.SizeShortestEdgePixels is { } shortestEdge
            // Hugging Face's shortest-edge rule: the short side becomes S, the long side int(S · long / short).
            ? $"scale=w='if(lte(iw,ih),{shortestEdge},trunc({shortestEdge}*iw/ih))':h='if(lte(iw,ih),trunc({shortestEdge}*ih/iw),{shortestEdge})'"
            : $"scale=w={preprocessing.SizeWidthPixels}:h={preprocessing.SizeHeightPixels}";
        var crop = preprocessing.DoCenterCrop
            // Offsets default to (in - out) / 2 truncated, Hugging Face's (in - out) // 2; exact=1 keeps them unrounded.
            ? $",crop=w={preprocessing.CropWidthPixels}:h={preprocessing.CropHeightPixels}:exact=1"
            : "";
        return $"{select},{resize}:{ScaleFlags(preprocessing.Resample)}{crop},format=rgb24";
    }

    private static string ScaleFlags(int resample)
    {
        // full_chroma_int and accurate_rnd: interpolate chroma at full resolution and round exactly, as PIL does on RGB.
        var flags = $"flags={SwscaleFilters[resample]}+accurate_rnd+full_chroma_int";
        // PIL's bicubic is Keys' kernel with a = -0.5 (B = 0, C = 0.5); swscale defaults to C = 0.6.
        return resample == PilBicubic ? flags + ":param0=0:param1=0.5" : flags;
    }
}
