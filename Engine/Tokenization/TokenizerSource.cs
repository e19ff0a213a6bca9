namespace SparseVila.Engine.Tokenization;

/// <summary>What one tokenizer file yields before <c>tokenizer_config.json</c> and <c>generation_config.json</c> are applied.</summary>
/// <param name="File">The file it was read from.</param>
/// <param name="Model">The subword model.</param>
/// <param name="AddedTokens">Added tokens the file itself declares.</param>
/// <param name="DefaultBosId">The file's own beginning-of-sequence id (SentencePiece's <c>bos_id</c>), used when no config names one.</param>
/// <param name="DefaultEosId">The file's own end-of-sequence id, likewise.</param>
internal sealed record TokenizerSource(string File, ISubwordModel Model, IReadOnlyList<AddedToken> AddedTokens, int? DefaultBosId = null, int? DefaultEosId = null);
