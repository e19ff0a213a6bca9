namespace SparseVila.Engine.Tokenization;

/// <summary>
/// A token matched whole in the text before the subword model runs: a chat marker such as
/// <c>&lt;|im_start|&gt;</c>, or a model's <c>&lt;s&gt;</c>. <see cref="LeftStrip"/> and
/// <see cref="RightStrip"/> make the match swallow the whitespace beside it, as in Hugging Face.
/// </summary>
internal sealed record AddedToken(int Id, string Content, bool Special, bool LeftStrip = false, bool RightStrip = false);
