namespace SparseVila.Engine.Training;

/// <summary>What a question's supervised heads must carry out of its evidence, besides finding it (<see cref="EvidenceAttention"/>).</summary>
public enum EvidenceReadout
{
    /// <summary>Only finding it: the answer is a property the tokens already carry (an object's colour, a count).</summary>
    None,

    /// <summary>Which of the frame's patches it is (a cell is the answer or the key): read at the row predicting the first answer token.</summary>
    Patch,

    /// <summary>
    /// Which second its frame is (a first appearance: "second {t}"): the heads are supervised at the rows predicting the
    /// answer's first and last tokens, and the second is read at the last, the one that predicts the number.
    /// </summary>
    Time,
}
