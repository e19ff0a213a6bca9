using System.Net;
using SparseVila.Grains.Placement;

namespace SparseVila.Grains.Tests.Placement;

public sealed class PlacementAffinityTests
{
    private static readonly string[] Keys = [.. Enumerable.Range(0, 1000).Select(i => $"sha256:{i:x8}")];

    /// <summary><paramref name="count"/> silos on the loopback, ports from 11111.</summary>
    internal static SiloAddress[] Silos(int count, int generation = 1) =>
        [.. Enumerable.Range(0, count).Select(i => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + i), generation))];

    [Fact]
    public void TheChoice_DependsOnTheKeyAndTheSilos_NotTheirOrderNorTheInstances()
    {
        var silos = Silos(5);
        var shuffled = silos.ToArray();
        new Random(7).Shuffle(shuffled);
        var parsed = silos.Select(s => SiloAddress.FromParsableString(s.ToParsableString())).Reverse().ToArray();

        foreach (var key in Keys)
        {
            var chosen = PlacementAffinity.Choose(key, silos);
            Assert.Equal(chosen, PlacementAffinity.Choose(key, silos));
            Assert.Equal(chosen, PlacementAffinity.Choose(key, shuffled));
            Assert.Equal(chosen, PlacementAffinity.Choose(key, parsed));
        }
    }

    [Fact]
    public void ManyKeys_SpreadOverEverySilo()
    {
        var silos = Silos(4);

        var perSilo = Keys.GroupBy(key => PlacementAffinity.Choose(key, silos)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(silos.Length, perSilo.Count);
        Assert.All(perSilo.Values, count => Assert.InRange(count, Keys.Length / silos.Length / 2, Keys.Length / silos.Length * 2));
    }

    [Fact]
    public void WhenASiloLeaves_OnlyItsKeysMove()
    {
        var silos = Silos(5);
        var leaving = silos[2];
        var remaining = silos.Where(s => !s.Equals(leaving)).ToArray();

        var moved = 0;
        foreach (var key in Keys)
        {
            var before = PlacementAffinity.Choose(key, silos);
            var after = PlacementAffinity.Choose(key, remaining);
            if (before.Equals(leaving))
            {
                moved++;
                Assert.Contains(after, remaining);
            }
            else
            {
                Assert.Equal(before, after);
            }
        }

        Assert.True(moved > 0, "No key was on the silo that left.");
    }

    [Fact]
    public void WhenASiloJoins_OnlyKeysForItMove()
    {
        var silos = Silos(5);
        var joined = Silos(6)[5];

        var movedTo = Keys
            .Where(key => !PlacementAffinity.Choose(key, silos).Equals(PlacementAffinity.Choose(key, [.. silos, joined])))
            .Select(key => PlacementAffinity.Choose(key, [.. silos, joined]))
            .ToArray();

        Assert.NotEmpty(movedTo);
        Assert.All(movedTo, silo => Assert.Equal(joined, silo));
    }

    [Fact]
    public void NoCandidate_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => PlacementAffinity.Choose("key", []));
        Assert.Equal(Silos(1)[0], PlacementAffinity.Choose("key", Silos(1)));
    }

    [Fact]
    public void SetAndClear_WriteTheRequestContext()
    {
        try
        {
            PlacementAffinity.Set("sha256:abc");
            Assert.Equal("sha256:abc", RequestContext.Get(PlacementAffinity.RequestContextKey));

            PlacementAffinity.Clear();
            Assert.Null(RequestContext.Get(PlacementAffinity.RequestContextKey));
        }
        finally
        {
            RequestContext.Clear();
        }
    }
}
