namespace SparseVila.Grains.Inference;

/// <summary>The silo's own metrics (System.Diagnostics.Metrics), exported by whatever listener the host configures.</summary>
public static class SiloMetrics
{
    /// <summary>The meter every silo instrument belongs to.</summary>
    public const string MeterName = "SparseVila.Silo";
}
