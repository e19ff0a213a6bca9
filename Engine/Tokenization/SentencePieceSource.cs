using Microsoft.ML.Tokenizers;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Reads a SentencePiece BPE <c>tokenizer.model</c> (Llama). Only what Llama's model uses is accepted:
/// the identity normalizer, spaces escaped as "▁", no whitespace collapsing, prefix not suffix.
/// </summary>
internal static class SentencePieceSource
{
    /// <summary>The file name in a checkpoint folder.</summary>
    public const string FileName = "tokenizer.model";

    /// <summary>Reads the file at <paramref name="path"/>; <paramref name="config"/> says whether Llama's legacy mode holds.</summary>
    public static TokenizerSource Read(string path, TokenizerConfig config)
    {
        byte[] bytes;
        SentencePieceModelFile file;
        try
        {
            bytes = File.ReadAllBytes(path);
            file = SentencePieceModelFile.Parse(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new TokenizerLoadException(path, $"is not a readable SentencePiece model: {e.Message}", e);
        }

        RefuseUnsupported(file, path);
        LlamaTokenizer sentencePiece;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            sentencePiece = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            throw new TokenizerLoadException(path, $"Microsoft.ML.Tokenizers cannot load it: {e.Message}", e);
        }

        var scope = !file.AddDummyPrefix ? MetaspacePrefixScope.Never
            : config.Legacy ? MetaspacePrefixScope.EverySegment
            : MetaspacePrefixScope.FirstSegment;
        var model = new SentencePieceModel(sentencePiece, file, new MetaspaceEscaping(scope, PrefixWhenSpaced: true));
        return new TokenizerSource(path, model, model.WholePieces.ToList(), ValidId(file.BosId, file), ValidId(file.EosId, file));
    }

    private static int? ValidId(int id, SentencePieceModelFile file) => id >= 0 && id < file.Pieces.Count ? id : null;

    private static void RefuseUnsupported(SentencePieceModelFile file, string path)
    {
        string? problem = null;
        if (file.Pieces.Count == 0)
        {
            problem = "it has no pieces.";
        }
        else if (file.ModelType != SentencePieceModelFile.BpeModelType)
        {
            problem = $"model type {file.ModelType} is not supported; only BPE ({SentencePieceModelFile.BpeModelType}) is.";
        }
        else if (!file.HasNormalizerSpec)
        {
            problem = "it has no normalizer_spec.";
        }
        else if ((file.NormalizerName is not ("" or "identity")) || file.HasCharacterMap)
        {
            problem = $"normalizer '{file.NormalizerName}' is not supported; only identity (no character map) is.";
        }
        else if (file.RemoveExtraWhitespaces || !file.EscapeWhitespaces || file.TreatWhitespaceAsSuffix)
        {
            problem = "remove_extra_whitespaces, treat_whitespace_as_suffix or unescaped whitespace is not supported.";
        }

        if (problem is not null)
        {
            throw new TokenizerLoadException(path, problem);
        }
    }
}
