namespace SparseVila.Engine.Tests.Video;

/// <summary>A list that disposes its items with itself: for the frame batches a test collects.</summary>
internal sealed class DisposableList<T> : List<T>, IDisposable
    where T : IDisposable
{
    public void Dispose()
    {
        foreach (var item in this)
        {
            item.Dispose();
        }
    }
}
