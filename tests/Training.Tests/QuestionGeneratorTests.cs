using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class QuestionGeneratorTests
{
    private const int SeedCount = 300;

    [Fact]
    public void EveryCandidate_IsAllowed_AndItsAnswerIsTheOraclesAnswer()
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var scene = TestScenes.Generated(seed);
            foreach (var question in QuestionCandidates.All(scene))
            {
                var (type, allowed, answer) = QuestionOracle.Judge(scene, question.Text);
                Assert.Equal(type, question.Type);
                Assert.True(allowed, $"seed {seed}: '{question.Text}' is ambiguous or about nothing");
                Assert.Equal(answer, question.Answer);
            }
        }
    }

    [Fact]
    public void Candidates_IncludeEveryAllowedQuestion()
    {
        // Every question the templates can form about the scene, judged by the oracle: the allowed ones must all be candidates.
        var scene = TestScenes.ThreeObjects();
        var candidates = QuestionCandidates.All(scene).Select(q => q.Text).ToHashSet();
        var formed = new List<string>();
        for (var t = 0; t < scene.DurationSeconds; t++)
        {
            formed.Add($"how many objects are there at second {t}?");
            formed.AddRange(SceneOracle.Shapes.Keys.Select(shape => $"what color is the {shape} at second {t}?"));
            formed.AddRange(SceneOracle.Positions.Keys.Select(position => $"what shape is at the {position} at second {t}?"));
            formed.AddRange(SceneOracle.Colors.Keys.SelectMany(color => SceneOracle.Shapes.Keys.Select(shape => $"where is the {color} {shape} at second {t}?")));
        }

        formed.AddRange(SceneOracle.Colors.Keys.SelectMany(color => SceneOracle.Shapes.Keys.Select(shape => $"when does the {color} {shape} first appear?")));

        var allowed = formed.Where(text => QuestionOracle.Judge(scene, text).Allowed).ToHashSet();
        Assert.Equal(allowed.Order(), candidates.Order());
    }

    [Fact]
    public void AmbiguousQuestions_AreNeverCandidates()
    {
        // Two circles at 2 s and two red circles in the video: no colour question about circles at 2 s, no first appearance of the red circle.
        var scene = new Scene(8,
        [
            new ObjectTrack(0, ShapeKind.Circle, ShapeColor.Red, 0, 4, GridCell.TopLeft),
            new ObjectTrack(1, ShapeKind.Circle, ShapeColor.Blue, 2, 6, GridCell.Center),
            new ObjectTrack(2, ShapeKind.Circle, ShapeColor.Red, 5, 8, GridCell.Bottom),
        ]);

        var texts = QuestionCandidates.All(scene).Select(q => q.Text).ToList();

        Assert.Contains("what color is the circle at second 1?", texts);
        Assert.DoesNotContain("what color is the circle at second 2?", texts);
        Assert.DoesNotContain("when does the red circle first appear?", texts);
        Assert.Contains("when does the blue circle first appear?", texts);
        Assert.Contains("where is the red circle at second 5?", texts);
        Assert.DoesNotContain("what shape is at the right at second 5?", texts);
        Assert.DoesNotContain(texts, t => t.StartsWith("where is the red circle at second 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Conversations_HaveFourAllowedQuestions_AboutDifferentSeconds()
    {
        for (var seed = 0; seed < SeedCount; seed++)
        {
            var scene = TestScenes.Generated(seed);
            var conversation = QuestionGenerator.Conversation(scene, new Random(seed));

            Assert.Equal(4, conversation.Count);
            Assert.Equal(4, conversation.Select(q => q.Text).Distinct().Count());
            var seconds = conversation.Where(q => q.Second is not null).Select(q => q.Second).ToList();
            Assert.True(seconds.Distinct().Count() == seconds.Count, $"seed {seed}: a second is asked about twice");
            // A scene with several objects gets questions about at least two of them.
            var objects = conversation.Where(q => q.ObjectId is not null).Select(q => q.ObjectId).Distinct().Count();
            Assert.True(scene.Objects.Count < 2 || objects >= 2, $"seed {seed}: only {objects} of {scene.Objects.Count} objects asked about");
            foreach (var question in conversation)
            {
                var (type, allowed, answer) = QuestionOracle.Judge(scene, question.Text);
                Assert.True(allowed, $"seed {seed}: '{question.Text}' is not allowed");
                Assert.Equal(type, question.Type);
                Assert.Equal(answer, question.Answer);
            }
        }
    }

    [Fact]
    public void Conversations_MixTheFiveTypes()
    {
        var conversations = Enumerable.Range(0, SeedCount).Select(seed => QuestionGenerator.Conversation(TestScenes.Generated(seed), new Random(seed))).ToList();

        foreach (var type in Enum.GetValues<QuestionType>())
        {
            var share = conversations.Count(c => c.Any(q => q.Type == type)) / (double)conversations.Count;
            Assert.True(share > 0.3, $"{type} is in only {share:P0} of conversations");
        }

        Assert.True(conversations.Average(c => c.Select(q => q.Type).Distinct().Count()) >= 3.7);
        Assert.True(conversations.Count(c => c.GroupBy(q => q.Type).Any(g => g.Count() > 2)) <= SeedCount / 100, "a type is asked three times too often");
        Assert.Contains(conversations.SelectMany(c => c), q => q.Answer == "zero");
        Assert.Contains(conversations.SelectMany(c => c), q => q.Answer == "three");
    }

    [Fact]
    public void SameSeed_GivesTheSameConversation()
    {
        var scene = TestScenes.Generated(9);

        Assert.Equal(QuestionGenerator.Conversation(scene, new Random(3)), QuestionGenerator.Conversation(scene, new Random(3)));
        var differing = Enumerable.Range(0, 10).Select(seed => string.Join("|", QuestionGenerator.Conversation(scene, new Random(seed)).Select(q => q.Text))).Distinct().Count();
        Assert.True(differing > 5);
    }

    [Fact]
    public void LongerTrainingConversations_StartWithTheFourQuestionConversation_AndStayDistinctAndCorrect()
    {
        for (var seed = 0; seed < SeedCount; seed++)
        {
            var scene = TestScenes.Generated(seed);

            var conversation = QuestionGenerator.Conversation(scene, new Random(seed), QuestionGenerator.MaxConversationLength);

            Assert.Equal(QuestionGenerator.Conversation(scene, new Random(seed)), conversation.Take(QuestionGenerator.ConversationLength));
            Assert.Equal(QuestionGenerator.MaxConversationLength, conversation.Select(q => q.Text).Distinct().Count());
            Assert.All(conversation, q => Assert.Equal(q.Answer, QuestionOracle.Judge(scene, q.Text).Answer));
        }

        var longest = TestScenes.Generated(1, minSeconds: 64);
        var many = QuestionGenerator.Conversation(longest, new Random(1), 32);
        Assert.Equal(32, many.Select(q => q.Text).Distinct().Count());
        Assert.All(many, q => Assert.Equal(q.Answer, QuestionOracle.Judge(longest, q.Text).Answer));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuestionGenerator.Conversation(longest, new Random(0), QuestionGenerator.MaxTrainingConversationLength + 1));
    }
}
