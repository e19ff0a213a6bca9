namespace SparseVila.Training.Shapes;

/// <summary>The five question templates of the task (docs/shapes-task.md); written in JSON as snake_case names.</summary>
public enum QuestionType
{
    /// <summary>"what color is the {shape} at second {t}?" → "{color}".</summary>
    Color,

    /// <summary>"what shape is at the {position} at second {t}?" → "{shape}".</summary>
    Shape,

    /// <summary>"where is the {color} {shape} at second {t}?" → "{position}".</summary>
    Where,

    /// <summary>"how many objects are there at second {t}?" → "zero" | "one" | "two" | "three".</summary>
    Count,

    /// <summary>"when does the {color} {shape} first appear?" → "second {t}".</summary>
    FirstAppearance,
}
