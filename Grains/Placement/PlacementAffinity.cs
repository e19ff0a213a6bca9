using System.IO.Hashing;
using System.Text;

namespace SparseVila.Grains.Placement;

/// <summary>
/// Which gpu silo a grain prefers. Callers set an affinity key in the request context before the call that may activate
/// a grain (a conversation's key is its first video's), else the grain's own id is the key. Every silo ranks the candidate
/// silos for a key the same way (rendezvous hashing), so all grains of one video meet on one silo while it lives, and when
/// it leaves only its keys move.
/// </summary>
public static class PlacementAffinity
{
    /// <summary>The request-context key of the affinity.</summary>
    public const string RequestContextKey = "sparsevila.affinity";

    /// <summary>Makes calls from this async flow prefer the silo of <paramref name="key"/> when they activate a grain.</summary>
    public static void Set(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        RequestContext.Set(RequestContextKey, key);
    }

    /// <summary>Stops preferring a silo in this async flow.</summary>
    public static void Clear() => RequestContext.Remove(RequestContextKey);

    /// <summary>The silo of <paramref name="candidates"/> that <paramref name="key"/> goes to: the highest hash of (key, silo).</summary>
    public static SiloAddress Choose(string key, IReadOnlyList<SiloAddress> candidates)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            throw new ArgumentException("There is no candidate silo.", nameof(candidates));
        }

        return candidates.MaxBy(silo => Score(key, silo))!;
    }

    private static ulong Score(string key, SiloAddress silo) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{key}\n{silo.ToParsableString()}"));
}
