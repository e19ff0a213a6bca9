namespace SparseVila.Gateway.Hosting;

/// <summary>The Gateway's limits and local folders (configuration section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Host a silo in the Gateway's process: the single-machine default.</summary>
    public const string InProcessSilo = "InProcess";

    /// <summary>Host no silo: the Gateway is a client of a cluster (configured by the same <c>Orleans</c> settings).</summary>
    public const string NoSilo = "None";

    /// <summary><see cref="InProcessSilo"/> or <see cref="NoSilo"/>.</summary>
    public string Silo { get; set; } = InProcessSilo;

    /// <summary>The largest video upload, and the largest video entry of an archive.</summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>The largest archive upload.</summary>
    public long MaxArchiveBytes { get; set; } = 20L << 30;

    /// <summary>The longest question.</summary>
    public int MaxQuestionChars { get; set; } = 1000;

    /// <summary>The most tokens an answer may ask for.</summary>
    public int MaxNewTokens { get; set; } = 256;

    /// <summary>Questions of one tenant in flight at once on this Gateway; more are refused with 429.</summary>
    public int MaxConcurrentAsksPerTenant { get; set; } = 4;

    /// <summary>
    /// Where uploads are spooled while they are hashed and probed, and where videos are kept for frames and playback
    /// (a local copy of stored bytes). Empty: a folder under the system's temporary folder.
    /// </summary>
    public string ScratchPath { get; set; } = string.Empty;

    /// <summary>The most bytes of local video copies kept for frames and playback; the least recently used go first.</summary>
    public long LocalVideoCacheBytes { get; set; } = 4L << 30;

    /// <summary>The scratch folder in effect.</summary>
    public string EffectiveScratchPath => ScratchPath.Length > 0 ? ScratchPath : Path.Combine(Path.GetTempPath(), "sparsevila-gateway");
}
