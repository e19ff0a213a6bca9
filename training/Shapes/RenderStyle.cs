using System.Text.Json.Serialization;

namespace SparseVila.Training.Shapes;

/// <summary>
/// How a scene is drawn in one video: a background that blends from <see cref="BackgroundTop"/> at the top
/// edge to <see cref="BackgroundBottom"/> at the bottom, every channel 0 to 40; anti-aliasing by
/// supersampling (<see cref="SupersamplingFactor"/> × <see cref="SupersamplingFactor"/> samples a pixel; 1 is
/// aliased); and one <see cref="ObjectAppearance"/> per object of the scene, indexed by object id.
/// </summary>
public sealed record RenderStyle
{
    /// <summary>The most samples per pixel side: 8 × 8 already resolves edges to 1/64 of a level step.</summary>
    public const int MaxSupersamplingFactor = 8;

    /// <summary>Creates the style; throws <see cref="ArgumentOutOfRangeException"/> outside the task's ranges.</summary>
    public RenderStyle(Rgb backgroundTop, Rgb backgroundBottom, int supersamplingFactor, IReadOnlyList<ObjectAppearance> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        BackgroundTop = CheckedBackground(backgroundTop, nameof(backgroundTop));
        BackgroundBottom = CheckedBackground(backgroundBottom, nameof(backgroundBottom));
        SupersamplingFactor = supersamplingFactor is >= 1 and <= MaxSupersamplingFactor
            ? supersamplingFactor
            : throw new ArgumentOutOfRangeException(nameof(supersamplingFactor), supersamplingFactor, $"must be 1 (aliased) to {MaxSupersamplingFactor}.");
        Objects = [.. objects];
    }

    /// <summary>The background colour along the top edge.</summary>
    public Rgb BackgroundTop { get; }

    /// <summary>The background colour along the bottom edge.</summary>
    public Rgb BackgroundBottom { get; }

    /// <summary>Samples per pixel side; 1 draws hard (aliased) edges.</summary>
    public int SupersamplingFactor { get; }

    /// <summary>Whether edges are anti-aliased.</summary>
    [JsonIgnore]
    public bool IsAntiAliased => SupersamplingFactor > 1;

    /// <summary>One appearance per object of the scene, indexed by id.</summary>
    public IReadOnlyList<ObjectAppearance> Objects { get; }

    /// <summary>Equal when every field is equal and the appearances are equal one by one.</summary>
    public bool Equals(RenderStyle? other) =>
        other is not null && BackgroundTop == other.BackgroundTop && BackgroundBottom == other.BackgroundBottom &&
        SupersamplingFactor == other.SupersamplingFactor && Objects.SequenceEqual(other.Objects);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(BackgroundTop, BackgroundBottom, SupersamplingFactor, Objects.Count);

    /// <summary>The appearance of the object with <paramref name="objectId"/>; throws if the style has none for it.</summary>
    public ObjectAppearance For(int objectId) => objectId >= 0 && objectId < Objects.Count
        ? Objects[objectId]
        : throw new ArgumentOutOfRangeException(nameof(objectId), objectId, $"the style describes {Objects.Count} objects.");

    private static Rgb CheckedBackground(Rgb color, string parameterName) =>
        color.R <= ShapesTaskLimits.MaxBackgroundLevel && color.G <= ShapesTaskLimits.MaxBackgroundLevel && color.B <= ShapesTaskLimits.MaxBackgroundLevel
            ? color
            : throw new ArgumentOutOfRangeException(parameterName, color, $"every channel must be 0 to {ShapesTaskLimits.MaxBackgroundLevel}.");
}
