namespace SparseVila.Engine.Video;

/// <summary>
/// How frames are turned into the vision encoder's input, read from a Hugging Face
/// <c>preprocessor_config.json</c>. Properties keep Hugging Face's field names. Two geometries are
/// supported: CLIP's shortest-edge resize then centre crop, and SigLIP's direct resize to height × width.
/// Either way the output size is fixed (<see cref="OutputHeightPixels"/> × <see cref="OutputWidthPixels"/>).
/// </summary>
public sealed record ImagePreprocessing
{
    internal ImagePreprocessing(
        int? sizeShortestEdgePixels,
        int? sizeHeightPixels,
        int? sizeWidthPixels,
        int resample,
        bool doCenterCrop,
        int? cropHeightPixels,
        int? cropWidthPixels,
        bool doRescale,
        double rescaleFactor,
        bool doNormalize,
        IReadOnlyList<double> imageMean,
        IReadOnlyList<double> imageStd,
        bool doConvertRgb)
    {
        SizeShortestEdgePixels = sizeShortestEdgePixels;
        SizeHeightPixels = sizeHeightPixels;
        SizeWidthPixels = sizeWidthPixels;
        Resample = resample;
        DoCenterCrop = doCenterCrop;
        CropHeightPixels = cropHeightPixels;
        CropWidthPixels = cropWidthPixels;
        DoRescale = doRescale;
        RescaleFactor = rescaleFactor;
        DoNormalize = doNormalize;
        ImageMean = imageMean;
        ImageStd = imageStd;
        DoConvertRgb = doConvertRgb;
        OutputHeightPixels = doCenterCrop ? cropHeightPixels!.Value : sizeHeightPixels!.Value;
        OutputWidthPixels = doCenterCrop ? cropWidthPixels!.Value : sizeWidthPixels!.Value;
    }

    /// <summary>Always true: frames are resized (a config with <c>do_resize: false</c> is refused).</summary>
    public bool DoResize { get; } = true;

    /// <summary><c>size.shortest_edge</c>: resize so the shorter side has this length, keeping the aspect (CLIP).</summary>
    public int? SizeShortestEdgePixels { get; }

    /// <summary><c>size.height</c>: resize straight to this height (SigLIP); null with a shortest-edge size.</summary>
    public int? SizeHeightPixels { get; }

    /// <summary><c>size.width</c>: resize straight to this width (SigLIP); null with a shortest-edge size.</summary>
    public int? SizeWidthPixels { get; }

    /// <summary><c>resample</c>, as a PIL filter code: 0 nearest, 1 Lanczos, 2 bilinear, 3 bicubic.</summary>
    public int Resample { get; }

    /// <summary><c>do_center_crop</c>.</summary>
    public bool DoCenterCrop { get; }

    /// <summary><c>crop_size.height</c>, when cropping.</summary>
    public int? CropHeightPixels { get; }

    /// <summary><c>crop_size.width</c>, when cropping.</summary>
    public int? CropWidthPixels { get; }

    /// <summary><c>do_rescale</c>: multiply 0–255 values by <see cref="RescaleFactor"/>.</summary>
    public bool DoRescale { get; }

    /// <summary><c>rescale_factor</c>, usually 1/255.</summary>
    public double RescaleFactor { get; }

    /// <summary><c>do_normalize</c>: subtract <see cref="ImageMean"/>, divide by <see cref="ImageStd"/>, per channel.</summary>
    public bool DoNormalize { get; }

    /// <summary><c>image_mean</c>, R, G, B.</summary>
    public IReadOnlyList<double> ImageMean { get; }

    /// <summary><c>image_std</c>, R, G, B.</summary>
    public IReadOnlyList<double> ImageStd { get; }

    /// <summary><c>do_convert_rgb</c>; decoded frames are RGB whatever its value.</summary>
    public bool DoConvertRgb { get; }

    /// <summary>Height of every preprocessed frame.</summary>
    public int OutputHeightPixels { get; }

    /// <summary>Width of every preprocessed frame.</summary>
    public int OutputWidthPixels { get; }

    /// <summary>Reads a <c>preprocessor_config.json</c> file.</summary>
    public static ImagePreprocessing Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>
    /// Parses the text of a <c>preprocessor_config.json</c>. Throws <see cref="ImagePreprocessingException"/>
    /// naming the field for anything missing, malformed or not implemented.
    /// </summary>
    public static ImagePreprocessing FromJson(string json) => ImagePreprocessingJson.Parse(json);
}
