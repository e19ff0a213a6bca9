using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Gateway.Hosting;

namespace SparseVila.Gateway.Conversations;

/// <summary>
/// At most <see cref="GatewayOptions.MaxConcurrentAsksPerTenant"/> questions of one tenant in flight on this Gateway, so one
/// tenant cannot fill the silos' queues for everyone. Per Gateway process: with several Gateways a tenant may have that
/// many in flight on each.
/// </summary>
public sealed class TenantAskLimiter(IOptions<GatewayOptions> options)
{
    private readonly Dictionary<TenantId, int> _inFlight = [];
    private readonly Lock _lock = new();

    /// <summary>A slot for one question of <paramref name="tenant"/> (dispose it when answered), or null when none is free.</summary>
    public IDisposable? TryAcquire(TenantId tenant)
    {
        lock (_lock)
        {
            var count = _inFlight.GetValueOrDefault(tenant);
            if (count >= options.Value.MaxConcurrentAsksPerTenant)
            {
                return null;
            }

            _inFlight[tenant] = count + 1;
            return new Slot(this, tenant);
        }
    }

    /// <summary>Questions of <paramref name="tenant"/> in flight now.</summary>
    public int InFlight(TenantId tenant)
    {
        lock (_lock)
        {
            return _inFlight.GetValueOrDefault(tenant);
        }
    }

    private void Release(TenantId tenant)
    {
        lock (_lock)
        {
            if (--_inFlight[tenant] == 0)
            {
                _inFlight.Remove(tenant);
            }
        }
    }

    private sealed class Slot(TenantAskLimiter owner, TenantId tenant) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(tenant);
            }
        }
    }
}
