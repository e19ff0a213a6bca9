using System.Globalization;

namespace SparseVila.Training.Shapes;

/// <summary>The exact wording of the five questions and of the answers that are not single words.</summary>
public static class QuestionTemplates
{
    /// <summary>"what color is the {shape} at second {t}?"</summary>
    public static string Color(ShapeKind shape, int second) =>
        string.Create(CultureInfo.InvariantCulture, $"what color is the {ShapesVocabulary.Word(shape)} at second {second}?");

    /// <summary>"what shape is at the {position} at second {t}?"</summary>
    public static string Shape(GridCell cell, int second) =>
        string.Create(CultureInfo.InvariantCulture, $"what shape is at the {ShapesVocabulary.Word(cell)} at second {second}?");

    /// <summary>"where is the {color} {shape} at second {t}?"</summary>
    public static string Where(ShapeColor color, ShapeKind shape, int second) =>
        string.Create(CultureInfo.InvariantCulture, $"where is the {ShapesVocabulary.Word(color)} {ShapesVocabulary.Word(shape)} at second {second}?");

    /// <summary>"how many objects are there at second {t}?"</summary>
    public static string Count(int second) =>
        string.Create(CultureInfo.InvariantCulture, $"how many objects are there at second {second}?");

    /// <summary>"when does the {color} {shape} first appear?"</summary>
    public static string FirstAppearance(ShapeColor color, ShapeKind shape) =>
        $"when does the {ShapesVocabulary.Word(color)} {ShapesVocabulary.Word(shape)} first appear?";

    /// <summary>The answer to a first-appearance question: "second {t}".</summary>
    public static string SecondAnswer(int second) => string.Create(CultureInfo.InvariantCulture, $"second {second}");
}
