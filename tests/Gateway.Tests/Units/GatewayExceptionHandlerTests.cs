using Microsoft.AspNetCore.Http;
using SparseVila.Contracts.Errors;
using SparseVila.Contracts.Videos;
using SparseVila.Gateway.Problems;

namespace SparseVila.Gateway.Tests.Units;

public sealed class GatewayExceptionHandlerTests
{
    [Fact]
    public void GrainErrors_MapToTheirStatuses()
    {
        var busy = GatewayExceptionHandler.ToProblem(new ServiceBusyException(12, 3))!;
        var notReady = GatewayExceptionHandler.ToProblem(new VideoNotReadyException("v1", VideoStatus.Indexing))!;
        var missing = GatewayExceptionHandler.ToProblem(new ResourceNotFoundException("video", "v1"))!;

        Assert.Equal((StatusCodes.Status429TooManyRequests, 3), (busy.Status, busy.RetryAfterSeconds));
        Assert.Equal(StatusCodes.Status409Conflict, notReady.Status);
        Assert.Contains(new KeyValuePair<string, object?>("videoStatus", "indexing"), notReady.Extensions);
        Assert.Equal(StatusCodes.Status404NotFound, missing.Status);
        Assert.Equal("There is no video 'v1'.", missing.Detail);
    }

    [Fact]
    public void BusyWithoutAHint_StillSaysToWaitASecond() =>
        Assert.Equal(1, GatewayExceptionHandler.ToProblem(new ServiceBusyException(1, 0))!.RetryAfterSeconds);

    [Fact]
    public void ArgumentErrorsAre400AndUnknownErrorsAreNotTheClients()
    {
        Assert.Equal(StatusCodes.Status400BadRequest, GatewayExceptionHandler.ToProblem(new ArgumentOutOfRangeException("limit"))!.Status);
        Assert.Null(GatewayExceptionHandler.ToProblem(new InvalidOperationException("bug")));
        Assert.Null(GatewayExceptionHandler.ToProblem(new IOException("disk")));
    }

    [Fact]
    public void ABodyThatIsNotTheJsonTaken_IsMalformedJsonNamingWhere()
    {
        var json = new System.Text.Json.JsonException("The JSON value could not be converted to System.String. Path: $.question | LineNumber: 0 | BytePositionInLine: 16.");

        var problem = GatewayExceptionHandler.ToProblem(new BadHttpRequestException("Failed to read parameter \"body\" from the request body as JSON.", json))!;

        Assert.Equal((StatusCodes.Status400BadRequest, "Malformed JSON"), (problem.Status, problem.Title));
        Assert.Contains("Path: $.question", problem.Detail, StringComparison.Ordinal);
    }
}
