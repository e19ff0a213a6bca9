using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Gateway.Conversations;
using SparseVila.Gateway.Hosting;

namespace SparseVila.Gateway.Tests.Units;

public sealed class TenantAskLimiterTests
{
    private static readonly TenantId TenantA = TenantId.Parse("a");
    private static readonly TenantId TenantB = TenantId.Parse("b");

    [Fact]
    public void EachTenantHasItsOwnSlots_AndAReleasedSlotIsFreeAgain()
    {
        var limiter = new TenantAskLimiter(Options.Create(new GatewayOptions { MaxConcurrentAsksPerTenant = 2 }));

        var first = limiter.TryAcquire(TenantA);
        var second = limiter.TryAcquire(TenantA);
        var third = limiter.TryAcquire(TenantA);
        var other = limiter.TryAcquire(TenantB);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        Assert.NotNull(other);
        first!.Dispose();
        first.Dispose();
        Assert.Equal(1, limiter.InFlight(TenantA));
        Assert.NotNull(limiter.TryAcquire(TenantA));
        Assert.Null(limiter.TryAcquire(TenantA));
    }
}
