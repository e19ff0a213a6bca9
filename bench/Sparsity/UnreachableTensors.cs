namespace SparseVila.Bench.Sparsity;

/// <summary>
/// Frees native tensor memory that only a finalizer would otherwise release. The .NET GC does not see
/// libtorch's memory, so a tensor handle nobody disposed (a view of a cache that was disposed keeps
/// the whole buffer alive) can hold gigabytes long after its last use. Called between measured phases,
/// never inside one, so that one method's leftovers neither slow nor crowd the next.
/// </summary>
public static class UnreachableTensors
{
    /// <summary>Runs a full collection and the finalizers it queues, then collects what they released.</summary>
    public static void Free()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
