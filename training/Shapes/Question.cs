namespace SparseVila.Training.Shapes;

/// <summary>
/// One question about a scene with its exact answer. <see cref="Second"/> and <see cref="ObjectId"/> name what
/// the question is about (its focus): the second it asks about (null for a first-appearance question, which is
/// about the whole video) and the object it is about (null for a count, which is about every object).
/// </summary>
/// <param name="Type">Which template it follows.</param>
/// <param name="Text">The question, exactly as the template writes it.</param>
/// <param name="Answer">The exact answer: lower case, no punctuation.</param>
/// <param name="Second">The whole second asked about, or null.</param>
/// <param name="ObjectId">The id of the object asked about, or null.</param>
public sealed record Question(QuestionType Type, string Text, string Answer, int? Second, int? ObjectId);
