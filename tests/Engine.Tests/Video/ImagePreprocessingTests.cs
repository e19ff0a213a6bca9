using System.Text.Json.Nodes;
using SparseVila.Engine.Video;

namespace SparseVila.Engine.Tests.Video;

public sealed class ImagePreprocessingTests
{
    private static readonly double[] ClipMean = [0.48145466, 0.4578275, 0.40821073];
    private static readonly double[] ClipStd = [0.26862954, 0.26130258, 0.27577711];

    [Fact]
    public void FromJson_LlavaClip_ReadsEveryField()
    {
        var p = ImagePreprocessing.FromJson(PreprocessorConfigs.LlavaClip);

        Assert.Equal((336, null, null), (p.SizeShortestEdgePixels, p.SizeHeightPixels, p.SizeWidthPixels));
        Assert.Equal((true, 336, 336), (p.DoCenterCrop, p.CropHeightPixels, p.CropWidthPixels));
        Assert.Equal((true, 3, true, 1 / 255.0, true, true), (p.DoResize, p.Resample, p.DoRescale, p.RescaleFactor, p.DoNormalize, p.DoConvertRgb));
        Assert.Equal(ClipMean, p.ImageMean);
        Assert.Equal(ClipStd, p.ImageStd);
        Assert.Equal((336, 336), (p.OutputHeightPixels, p.OutputWidthPixels));
    }

    [Fact]
    public void FromJson_OpenAiClipBareNumbers_AreShortestEdgeAndSquareCrop_WithDefaultsForMissingSteps()
    {
        var p = ImagePreprocessing.FromJson(PreprocessorConfigs.OpenAiClip);

        Assert.Equal(224, p.SizeShortestEdgePixels);
        Assert.Equal((224, 224), (p.CropHeightPixels, p.CropWidthPixels));
        Assert.Equal((true, 1 / 255.0, true), (p.DoRescale, p.RescaleFactor, p.DoConvertRgb));
        Assert.Equal((224, 224), (p.OutputHeightPixels, p.OutputWidthPixels));
    }

    [Fact]
    public void FromJson_Siglip_ResizesStraightToHeightAndWidth()
    {
        var p = ImagePreprocessing.FromJson(PreprocessorConfigs.Siglip);

        Assert.Equal((null, 384, 384), (p.SizeShortestEdgePixels, p.SizeHeightPixels, p.SizeWidthPixels));
        Assert.False(p.DoCenterCrop);
        Assert.Equal([0.5, 0.5, 0.5], p.ImageMean);
        Assert.Equal((384, 384), (p.OutputHeightPixels, p.OutputWidthPixels));
    }

    [Fact]
    public void FromJson_SiglipBareNumber_IsASquare()
    {
        var p = ImagePreprocessing.FromJson(With(PreprocessorConfigs.Siglip, "size", JsonValue.Create(224)));

        Assert.Equal((null, 224, 224), (p.SizeShortestEdgePixels, p.SizeHeightPixels, p.SizeWidthPixels));
    }

    [Fact]
    public void Load_ReadsTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"preprocessor_config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, PreprocessorConfigs.Siglip);
        try
        {
            Assert.Equal(384, ImagePreprocessing.Load(path).OutputWidthPixels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("resample", "5", "resample")]                                  // Hamming: no ffmpeg equivalent
    [InlineData("resample", "4", "resample")]                                  // box
    [InlineData("size", """{"longest_edge": 336}""", "size")]
    [InlineData("size", """{"shortest_edge": 336, "longest_edge": 500}""", "size")]
    [InlineData("size", "336", "size")]                                        // bare number, processor renamed below
    [InlineData("size", """{"shortest_edge": -1}""", "size.shortest_edge")]
    [InlineData("crop_size", """{"height": 400, "width": 400}""", "crop_size")] // larger than the resized frame
    [InlineData("crop_size", """{"height": 336}""", "crop_size")]
    [InlineData("do_center_crop", "false", "do_center_crop")]                  // shortest edge alone: size depends on the video
    [InlineData("do_resize", "false", "do_resize")]
    [InlineData("do_pad", "true", "do_pad")]                                   // a step this engine does not implement
    [InlineData("image_mean", "[0.5, 0.5]", "image_mean")]
    [InlineData("image_std", "[0.5, 0, 0.5]", "image_std")]
    [InlineData("image_std", null, "image_std")]
    [InlineData("rescale_factor", "\"1/255\"", "rescale_factor")]
    [InlineData("do_normalize", "\"yes\"", "do_normalize")]
    public void FromJson_RefusesWhatItDoesNotImplement_NamingTheField(string field, string? valueJson, string expectedField)
    {
        var json = With(PreprocessorConfigs.LlavaClip, field, valueJson is null ? null : JsonNode.Parse(valueJson));
        json = json.Replace("CLIPImageProcessor", "SomeImageProcessor", StringComparison.Ordinal);

        var error = Assert.Throws<ImagePreprocessingException>(() => ImagePreprocessing.FromJson(json));

        Assert.Equal(expectedField, error.Field);
        Assert.Contains(expectedField, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_NotJson_IsRefused() =>
        Assert.Equal("(document)", Assert.Throws<ImagePreprocessingException>(() => ImagePreprocessing.FromJson("{ size: ")).Field);

    [Fact]
    public void FromJson_UnknownStepSwitchedOff_IsAccepted() =>
        Assert.Equal(336, ImagePreprocessing.FromJson(With(PreprocessorConfigs.LlavaClip, "do_pad", JsonValue.Create(false))).OutputHeightPixels);

    /// <summary><paramref name="json"/> with <paramref name="field"/> set to <paramref name="value"/>, or removed when it is null.</summary>
    private static string With(string json, string field, JsonNode? value)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        root.Remove(field);
        if (value is not null)
        {
            root[field] = value;
        }

        return root.ToJsonString();
    }
}
