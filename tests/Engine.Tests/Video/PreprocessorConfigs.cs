namespace SparseVila.Engine.Tests.Video;

/// <summary><c>preprocessor_config.json</c> texts as published with real checkpoints, and small ones for fast tests.</summary>
internal static class PreprocessorConfigs
{
    /// <summary>llava-hf/llava-1.5-7b-hf: CLIP ViT-L/14-336, shortest-edge resize and centre crop.</summary>
    public const string LlavaClip = """
        {
          "crop_size": {"height": 336, "width": 336},
          "do_center_crop": true,
          "do_convert_rgb": true,
          "do_normalize": true,
          "do_rescale": true,
          "do_resize": true,
          "image_mean": [0.48145466, 0.4578275, 0.40821073],
          "image_processor_type": "CLIPImageProcessor",
          "image_std": [0.26862954, 0.26130258, 0.27577711],
          "processor_class": "LlavaProcessor",
          "resample": 3,
          "rescale_factor": 0.00392156862745098,
          "size": {"shortest_edge": 336}
        }
        """;

    /// <summary>openai/clip-vit-base-patch32, the older form: bare numbers for size and crop_size.</summary>
    public const string OpenAiClip = """
        {
          "crop_size": 224,
          "do_center_crop": true,
          "do_normalize": true,
          "do_resize": true,
          "feature_extractor_type": "CLIPFeatureExtractor",
          "image_mean": [0.48145466, 0.4578275, 0.40821073],
          "image_std": [0.26862954, 0.26130258, 0.27577711],
          "resample": 3,
          "size": 224
        }
        """;

    /// <summary>google/siglip-so400m-patch14-384: direct resize to 384 × 384, no crop.</summary>
    public const string Siglip = """
        {
          "do_normalize": true,
          "do_rescale": true,
          "do_resize": true,
          "image_mean": [0.5, 0.5, 0.5],
          "image_processor_type": "SiglipImageProcessor",
          "image_std": [0.5, 0.5, 0.5],
          "processor_class": "SiglipProcessor",
          "resample": 3,
          "rescale_factor": 0.00392156862745098,
          "size": {"height": 384, "width": 384}
        }
        """;

    /// <summary>CLIP's rule at a small size: shortest edge <paramref name="shortestEdgePixels"/>, square crop of <paramref name="cropPixels"/>.</summary>
    public static string SmallClip(int shortestEdgePixels, int cropPixels) => LlavaClip
        .Replace("\"shortest_edge\": 336", $"\"shortest_edge\": {shortestEdgePixels}", StringComparison.Ordinal)
        .Replace("\"height\": 336, \"width\": 336", $"\"height\": {cropPixels}, \"width\": {cropPixels}", StringComparison.Ordinal);

    /// <summary>SigLIP's rule at a small size.</summary>
    public static string SmallSiglip(int heightPixels, int widthPixels) => Siglip
        .Replace("\"height\": 384, \"width\": 384", $"\"height\": {heightPixels}, \"width\": {widthPixels}", StringComparison.Ordinal);
}
