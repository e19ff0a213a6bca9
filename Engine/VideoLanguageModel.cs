using SparseVila.Engine.Generation;
using SparseVila.Engine.Model;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Tokenization;
using SparseVila.Engine.Video;

namespace SparseVila.Engine;

/// <summary>
/// Everything a checkpoint folder holds, loaded together: the LLaVA model, its tokenizer, the image
/// preprocessing and the family's chat template, with the pieces that use them.
/// </summary>
public sealed class VideoLanguageModel : IDisposable
{
    private VideoLanguageModel(string folder, LlavaModel model, ITextTokenizer tokenizer, ImagePreprocessing preprocessing, VideoPromptFormat format)
    {
        Folder = folder;
        Model = model;
        Tokenizer = tokenizer;
        Preprocessing = preprocessing;
        Format = format;
        Template = ChatTemplate.ForModelType(model.Config.Text.ModelType);
        Assembler = new PromptAssembler(tokenizer, model.Config.ImageTokenId, format);
        FrameEncoder = new VideoFrameEncoder(model, preprocessing);
        Generator = new TextGenerator(model.LanguageModel, tokenizer);
    }

    /// <summary>The checkpoint folder.</summary>
    public string Folder { get; }

    public LlavaModel Model { get; }

    public ITextTokenizer Tokenizer { get; }

    public ImagePreprocessing Preprocessing { get; }

    public VideoPromptFormat Format { get; }

    public ChatTemplate Template { get; }

    public PromptAssembler Assembler { get; }

    public VideoFrameEncoder FrameEncoder { get; }

    public TextGenerator Generator { get; }

    /// <summary>
    /// Loads config.json, the safetensors weights, the tokenizer files and preprocessor_config.json
    /// from <paramref name="checkpointFolder"/>.
    /// </summary>
    public static VideoLanguageModel Load(string checkpointFolder, ModelLoadOptions options, VideoPromptFormat? format = null)
    {
        var tokenizer = TokenizerLoader.Load(checkpointFolder);
        var preprocessing = ImagePreprocessing.Load(Path.Combine(checkpointFolder, "preprocessor_config.json"));
        var model = LlavaModel.Load(checkpointFolder, options);
        if (tokenizer.VocabularySize > model.Config.Text.VocabSize)
        {
            model.Dispose();
            throw new TokenizerLoadException(checkpointFolder,
                $"the tokenizer has {tokenizer.VocabularySize} ids but the model's vocabulary holds {model.Config.Text.VocabSize}.");
        }

        var imageSize = model.Config.Vision.ImageSize;
        if (preprocessing.OutputHeightPixels != imageSize || preprocessing.OutputWidthPixels != imageSize)
        {
            model.Dispose();
            throw new ImagePreprocessingException("crop_size",
                $"the preprocessor makes {preprocessing.OutputWidthPixels}×{preprocessing.OutputHeightPixels} frames but the vision tower takes {imageSize}×{imageSize}.");
        }

        return new VideoLanguageModel(checkpointFolder, model, tokenizer, preprocessing, format ?? new VideoPromptFormat());
    }

    /// <summary>A chat prompt builder in this model's family format.</summary>
    public ChatPromptBuilder NewChat() => new(Template, Format);

    public void Dispose() => Model.Dispose();
}
