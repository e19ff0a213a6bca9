namespace SparseVila.Training.Shapes;

/// <summary>The codecs task videos are written with; written in JSON as "h264" and "vp9".</summary>
public enum VideoCodec
{
    /// <summary>H.264 (libx264), yuv420p, in an MP4 file.</summary>
    H264,

    /// <summary>VP9 (libvpx-vp9), yuv420p, in a WebM file.</summary>
    Vp9,
}
