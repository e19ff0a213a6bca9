using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparseVila.Cli.Http;

/// <summary>The Gateway's JSON conventions (camelCase, case-insensitive reads), source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Video))]
[JsonSerializable(typeof(VideoPage))]
[JsonSerializable(typeof(ArchiveImport))]
[JsonSerializable(typeof(StartConversationRequest))]
[JsonSerializable(typeof(ConversationCreated))]
[JsonSerializable(typeof(AskRequest))]
[JsonSerializable(typeof(AnswerResult))]
[JsonSerializable(typeof(IReadOnlyList<Evidence>))]
[JsonSerializable(typeof(TokenData))]
[JsonSerializable(typeof(Problem))]
internal sealed partial class ApiJson : JsonSerializerContext;
