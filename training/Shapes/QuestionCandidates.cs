namespace SparseVila.Training.Shapes;

/// <summary>
/// Every question the task allows about a scene, with its answer. Only unambiguous questions are listed: a
/// colour question when exactly one object of that shape is visible; a shape question for an occupied cell; a
/// where question when exactly one object of that colour and shape is visible; a first-appearance question for a
/// colour and shape that only one object of the video has. Count questions are asked at any second.
/// </summary>
public static class QuestionCandidates
{
    /// <summary>All allowed questions, second by second, then the first-appearance ones, in a fixed order.</summary>
    public static IReadOnlyList<Question> All(Scene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var questions = new List<Question>();
        for (var second = 0; second < scene.DurationSeconds; second++)
        {
            var visible = scene.VisibleAt(second);
            questions.Add(new Question(QuestionType.Count, QuestionTemplates.Count(second), ShapesVocabulary.CountWord(visible.Count), second, null));
            foreach (var o in visible)
            {
                var cell = o.CellAt(second);
                questions.Add(new Question(QuestionType.Shape, QuestionTemplates.Shape(cell, second), ShapesVocabulary.Word(o.Shape), second, o.Id));
                if (visible.Count(v => v.Shape == o.Shape) == 1)
                {
                    questions.Add(new Question(QuestionType.Color, QuestionTemplates.Color(o.Shape, second), ShapesVocabulary.Word(o.Color), second, o.Id));
                }

                if (visible.Count(v => v.Shape == o.Shape && v.Color == o.Color) == 1)
                {
                    questions.Add(new Question(QuestionType.Where, QuestionTemplates.Where(o.Color, o.Shape, second), ShapesVocabulary.Word(cell), second, o.Id));
                }
            }
        }

        foreach (var o in scene.Objects.Where(o => scene.Objects.Count(other => other.Shape == o.Shape && other.Color == o.Color) == 1))
        {
            questions.Add(new Question(QuestionType.FirstAppearance, QuestionTemplates.FirstAppearance(o.Color, o.Shape),
                QuestionTemplates.SecondAnswer(o.AppearSecond), null, o.Id));
        }

        return questions;
    }
}
