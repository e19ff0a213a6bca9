using System.Text;
using System.Text.RegularExpressions;

namespace SparseVila.Engine.Tokenization;

/// <summary>
/// How byte-level BPE text is prepared: a Unicode normalization (Qwen2: NFC), the expressions that
/// split it into words (each isolating its matches), and whether a space is put before each segment.
/// </summary>
internal sealed record ByteLevelSettings(NormalizationForm? Normalization, IReadOnlyList<Regex> SplitPatterns, bool AddPrefixSpace);
