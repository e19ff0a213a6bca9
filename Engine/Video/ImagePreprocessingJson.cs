using System.Text.Json;

namespace SparseVila.Engine.Video;

/// <summary>
/// Parses <c>preprocessor_config.json</c> into <see cref="ImagePreprocessing"/>, refusing what is not implemented
/// rather than falling back: an unknown <c>do_*</c> step switched on (<c>do_pad</c>), a resample filter ffmpeg
/// does not share with PIL, a size whose output would depend on the video.
/// </summary>
internal static class ImagePreprocessingJson
{
    private const int ChannelCount = 3;

    // PIL's filter codes, as Hugging Face stores them in "resample".
    private const int PilNearest = 0;
    private const int PilBicubic = 3;

    private static readonly HashSet<string> KnownSteps =
        ["do_resize", "do_center_crop", "do_rescale", "do_normalize", "do_convert_rgb"];

    public static ImagePreprocessing Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ImagePreprocessingException("(document)", $"not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ImagePreprocessingException("(document)", "must be a JSON object.");
            }

            return Parse(root);
        }
    }

    private static ImagePreprocessing Parse(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.StartsWith("do_", StringComparison.Ordinal) && !KnownSteps.Contains(property.Name) &&
                property.Value.ValueKind == JsonValueKind.True)
            {
                throw new ImagePreprocessingException(property.Name, "this preprocessing step is not implemented.");
            }
        }

        if (!Boolean(root, "do_resize", defaultValue: true))
        {
            throw new ImagePreprocessingException("do_resize", "false is not supported: the vision encoder needs a fixed input size.");
        }

        var (shortestEdge, height, width) = Size(root);
        var resample = Integer(root, "resample", defaultValue: PilBicubic);
        if (resample is < PilNearest or > PilBicubic)
        {
            throw new ImagePreprocessingException("resample",
                $"{resample} is not supported; use 0 (nearest), 1 (Lanczos), 2 (bilinear) or 3 (bicubic).");
        }

        var doCenterCrop = Boolean(root, "do_center_crop", defaultValue: root.TryGetProperty("crop_size", out _));
        int? cropHeight = null, cropWidth = null;
        if (doCenterCrop)
        {
            (cropHeight, cropWidth) = CropSize(root);
            // After a shortest-edge resize both sides are at least the shortest edge.
            if (cropHeight > (shortestEdge ?? height) || cropWidth > (shortestEdge ?? width))
            {
                throw new ImagePreprocessingException("crop_size",
                    $"{cropHeight}x{cropWidth} is larger than the resized frame; padding is not implemented.");
            }
        }
        else if (shortestEdge is not null)
        {
            throw new ImagePreprocessingException("do_center_crop",
                "a shortest_edge resize without a centre crop gives frames whose size depends on the video; the encoder needs a fixed size.");
        }

        var doRescale = Boolean(root, "do_rescale", defaultValue: true);
        var rescaleFactor = Number(root, "rescale_factor", defaultValue: 1.0 / 255);
        if (!double.IsFinite(rescaleFactor) || rescaleFactor <= 0)
        {
            throw new ImagePreprocessingException("rescale_factor", $"{rescaleFactor} must be a positive number.");
        }

        var doNormalize = Boolean(root, "do_normalize", defaultValue: true);
        IReadOnlyList<double> mean = [0, 0, 0], std = [1, 1, 1];
        if (doNormalize)
        {
            mean = ChannelValues(root, "image_mean");
            std = ChannelValues(root, "image_std");
            if (std.Any(s => s <= 0))
            {
                throw new ImagePreprocessingException("image_std", "every value must be positive.");
            }
        }

        return new ImagePreprocessing(shortestEdge, height, width, resample, doCenterCrop, cropHeight, cropWidth,
            doRescale, rescaleFactor, doNormalize, mean, std, Boolean(root, "do_convert_rgb", defaultValue: true));
    }

    /// <summary>
    /// <c>{"shortest_edge": n}</c>, <c>{"height": h, "width": w}</c>, or a bare n, which Hugging Face reads as a
    /// shortest edge for CLIP processors and as a square for SigLIP ones.
    /// </summary>
    private static (int? ShortestEdge, int? Height, int? Width) Size(JsonElement root)
    {
        const string field = "size";
        if (!root.TryGetProperty(field, out var size))
        {
            throw new ImagePreprocessingException(field, "is required when do_resize is true.");
        }

        if (size.ValueKind == JsonValueKind.Number)
        {
            var pixels = Pixels(size, field);
            var processor = ProcessorType(root);
            if (processor.Contains("siglip", StringComparison.OrdinalIgnoreCase))
            {
                return (null, pixels, pixels);
            }

            if (processor.Contains("clip", StringComparison.OrdinalIgnoreCase))
            {
                return (pixels, null, null);
            }

            throw new ImagePreprocessingException(field,
                $"a bare number is ambiguous for processor '{processor}'; write {{\"shortest_edge\": n}} or {{\"height\": h, \"width\": w}}.");
        }

        if (size.ValueKind == JsonValueKind.Object)
        {
            var keys = size.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            if (keys.SequenceEqual(["shortest_edge"]))
            {
                return (Pixels(size.GetProperty("shortest_edge"), "size.shortest_edge"), null, null);
            }

            if (keys.SequenceEqual(["height", "width"]))
            {
                return (null, Pixels(size.GetProperty("height"), "size.height"), Pixels(size.GetProperty("width"), "size.width"));
            }

            throw new ImagePreprocessingException(field,
                $"keys {{{string.Join(", ", keys)}}} are not supported; use shortest_edge, or height and width.");
        }

        throw new ImagePreprocessingException(field, $"must be a number or an object, not {size.ValueKind}.");
    }

    private static (int Height, int Width) CropSize(JsonElement root)
    {
        const string field = "crop_size";
        if (!root.TryGetProperty(field, out var crop))
        {
            throw new ImagePreprocessingException(field, "is required when do_center_crop is true.");
        }

        if (crop.ValueKind == JsonValueKind.Number)
        {
            var pixels = Pixels(crop, field);
            return (pixels, pixels);
        }

        if (crop.ValueKind == JsonValueKind.Object &&
            crop.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).SequenceEqual(["height", "width"]))
        {
            return (Pixels(crop.GetProperty("height"), "crop_size.height"), Pixels(crop.GetProperty("width"), "crop_size.width"));
        }

        throw new ImagePreprocessingException(field, "must be a number or {\"height\": h, \"width\": w}.");
    }

    private static string ProcessorType(JsonElement root) =>
        root.TryGetProperty("image_processor_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! :
        root.TryGetProperty("feature_extractor_type", out type) && type.ValueKind == JsonValueKind.String ? type.GetString()! :
        "(unnamed)";

    /// <summary>Three per-channel values; a single number stands for all three, as Hugging Face allows.</summary>
    private static double[] ChannelValues(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            throw new ImagePreprocessingException(field, "is required when do_normalize is true.");
        }

        double[] values = value.ValueKind switch
        {
            JsonValueKind.Number => [.. Enumerable.Repeat(value.GetDouble(), ChannelCount)],
            JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number) =>
                [.. value.EnumerateArray().Select(v => v.GetDouble())],
            _ => throw new ImagePreprocessingException(field, "must be a list of numbers."),
        };
        if (values.Length != ChannelCount || !values.All(double.IsFinite))
        {
            throw new ImagePreprocessingException(field, $"must hold {ChannelCount} finite numbers (R, G, B), not {values.Length}.");
        }

        return values;
    }

    private static int Pixels(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var pixels) && pixels > 0
            ? pixels
            : throw new ImagePreprocessingException(field, $"{value.GetRawText()} must be a positive whole number of pixels.");

    private static bool Boolean(JsonElement root, string field, bool defaultValue) =>
        !root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? defaultValue :
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() :
        throw new ImagePreprocessingException(field, $"{value.GetRawText()} must be true or false.");

    private static int Integer(JsonElement root, string field, int defaultValue) =>
        !root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? defaultValue :
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var integer) ? integer :
        throw new ImagePreprocessingException(field, $"{value.GetRawText()} must be a whole number.");

    private static double Number(JsonElement root, string field, double defaultValue) =>
        !root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? defaultValue :
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() :
        throw new ImagePreprocessingException(field, $"{value.GetRawText()} must be a number.");
}
