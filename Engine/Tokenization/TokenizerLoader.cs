namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Loads the tokenizer of a Hugging Face checkpoint folder. Reads, first found: <c>tokenizer.json</c>
/// (BPE, byte-level or SentencePiece-style); <c>vocab.json</c> + <c>merges.txt</c> (byte-level BPE);
/// <c>tokenizer.model</c> (SentencePiece BPE). Then <c>tokenizer_config.json</c> (special and added
/// tokens, <c>tokenizer_class</c>, <c>legacy</c>) and <c>generation_config.json</c> (<c>eos_token_id</c>)
/// when present. Anything missing, malformed or unsupported is a <see cref="TokenizerLoadException"/>.
/// </summary>
public static class TokenizerLoader
{
    /// <summary>Loads the tokenizer in <paramref name="checkpointFolder"/>.</summary>
    public static ITextTokenizer Load(string checkpointFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointFolder);
        if (!Directory.Exists(checkpointFolder))
        {
            throw new TokenizerLoadException(checkpointFolder, "the checkpoint folder does not exist.");
        }

        var configPath = Path.Combine(checkpointFolder, TokenizerConfig.FileName);
        var configExists = File.Exists(configPath);
        var config = configExists ? TokenizerConfig.Read(configPath) : TokenizerConfig.None;
        var generationPath = Path.Combine(checkpointFolder, GenerationConfig.FileName);
        var generation = File.Exists(generationPath) ? GenerationConfig.Read(generationPath) : GenerationConfig.None;

        var source = ReadSource(checkpointFolder, config, configPath, configExists);
        var addedTokens = AddedTokenLists.Merge(source, config.AddedTokens, configPath);
        var specialIds = new SpecialTokenIds(source, addedTokens, configPath, generationPath);
        if (config.PadToken is { } pad)
        {
            // Not exposed, but a pad token the tokenizer lacks means the files do not belong together.
            specialIds.IdOf(pad, "pad_token");
        }

        return new CheckpointTokenizer(source.Model, addedTokens, specialIds.Bos(config, generation), specialIds.Eos(config, generation));
    }

    private static TokenizerSource ReadSource(string folder, TokenizerConfig config, string configPath, bool configExists)
    {
        var tokenizerJson = Path.Combine(folder, TokenizerJsonSource.FileName);
        if (File.Exists(tokenizerJson))
        {
            return TokenizerJsonSource.Read(tokenizerJson);
        }

        var vocab = Path.Combine(folder, VocabMergesSource.VocabFileName);
        var merges = Path.Combine(folder, VocabMergesSource.MergesFileName);
        if (File.Exists(vocab) || File.Exists(merges))
        {
            return (File.Exists(vocab), File.Exists(merges)) switch
            {
                (false, _) => throw new TokenizerLoadException(vocab, $"is missing; {VocabMergesSource.MergesFileName} needs it."),
                (_, false) => throw new TokenizerLoadException(merges, $"is missing; {VocabMergesSource.VocabFileName} needs it."),
                _ => VocabMergesSource.Read(vocab, merges, config, configPath, configExists),
            };
        }

        var sentencePiece = Path.Combine(folder, SentencePieceSource.FileName);
        if (File.Exists(sentencePiece))
        {
            return SentencePieceSource.Read(sentencePiece, config);
        }

        throw new TokenizerLoadException(folder,
            $"holds no tokenizer: looked for {TokenizerJsonSource.FileName}, {VocabMergesSource.VocabFileName} + {VocabMergesSource.MergesFileName}, and {SentencePieceSource.FileName}.");
    }
}
