namespace SparseVila.Engine.Generation;

/// <summary>
/// One device's compute, taken in turns, first come first served: the silo's prefill and indexing work and the decode
/// batcher's steps each enter it, so they never run at once and fight over the same cores (or GPU), and a waiting
/// question's prefill goes next after the current decode step, not after the whole batch has finished. Each turn is one
/// unit of work (a prefill, an indexing window, one decode step), so no one waits longer than one unit.
/// </summary>
public sealed class ComputeLane
{
    private readonly object _gate = new();     // a monitor: Turn waits on it
    private long _nextTicket;                   // guarded by _gate
    private long _serving;                      // guarded by _gate

    /// <summary>Callers waiting for their turn now.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return (int)Math.Max(0, _nextTicket - _serving - 1);
            }
        }
    }

    /// <summary>Turns taken so far.</summary>
    public long Turns
    {
        get
        {
            lock (_gate)
            {
                return _serving;
            }
        }
    }

    /// <summary>Blocks until it is this caller's turn; the turn ends when the result is disposed.</summary>
    public Turn Enter()
    {
        lock (_gate)
        {
            var ticket = _nextTicket++;
            while (ticket != _serving)
            {
                Monitor.Wait(_gate);
            }
        }

        return new Turn(this);
    }

    private void Exit()
    {
        lock (_gate)
        {
            _serving++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>A caller's turn on the lane; dispose it exactly once to let the next caller in.</summary>
    public readonly struct Turn : IDisposable
    {
        private readonly ComputeLane? _lane;

        internal Turn(ComputeLane lane) => _lane = lane;

        public void Dispose() => _lane?.Exit();
    }
}
