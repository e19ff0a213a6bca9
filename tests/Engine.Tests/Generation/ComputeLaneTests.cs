using SparseVila.Engine.Generation;

namespace SparseVila.Engine.Tests.Generation;

public sealed class ComputeLaneTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts a thread that enters <paramref name="lane"/>, records <paramref name="name"/> and leaves once <paramref name="leave"/> is set.</summary>
    private static Thread Enter(ComputeLane lane, string name, List<string> order, ManualResetEventSlim? leave = null)
    {
        var thread = new Thread(() =>
        {
            using var turn = lane.Enter();
            lock (order)
            {
                order.Add(name);
            }

            leave?.Wait(Timeout);
        });
        thread.Start();
        return thread;
    }

    [Fact]
    public void Turns_AreTakenOneAtATime_InTheOrderAsked()
    {
        var lane = new ComputeLane();
        var order = new List<string>();
        using var release = new ManualResetEventSlim();
        var holder = Enter(lane, "holder", order, release);
        Assert.True(SpinWait.SpinUntil(() => order.Count == 1, Timeout));

        var threads = new List<Thread>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            threads.Add(Enter(lane, name, order));
            var waiting = threads.Count;
            Assert.True(SpinWait.SpinUntil(() => lane.Waiting == waiting, Timeout), $"{name} never queued");
        }

        Assert.Equal(["holder"], order);                                    // nobody got in while the lane was held
        release.Set();
        threads.ForEach(t => Assert.True(t.Join(Timeout)));
        Assert.True(holder.Join(Timeout));

        Assert.Equal(["holder", "a", "b", "c"], order);
        Assert.Equal(4, lane.Turns);
        Assert.Equal(0, lane.Waiting);
    }
}
