using System.Net;
using System.Text;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Json;
using AgUi.Protocol.Verification;

namespace AgUi.Reliability.Tests.HostileInput;

/// <summary>How the server answered: a problem before streaming, or a stream and the event that ended it.</summary>
public sealed record ResponseVerdict(HttpStatusCode Status, BaseEvent? LastEvent)
{
    public bool IsProblem => LastEvent is null;

    public string? LastEventType => LastEvent?.Type;

    /// <summary>
    /// Reads the whole response and fails unless it is a 4xx <c>application/problem+json</c> whose
    /// <c>status</c> matches, or a 200 <c>text/event-stream</c> of well-formed <c>data:</c> frames whose
    /// events pass <see cref="EventSequenceVerifier"/> and end the run with RUN_FINISHED or RUN_ERROR.
    /// </summary>
    public static async Task<ResponseVerdict> ReadAsync(HttpResponseMessage response, string context)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        Assert.True(status < 500, $"{context}: HTTP {status}: {Encoding.UTF8.GetString(body)}");

        if (status is >= 400 and < 500)
        {
            Assert.True(mediaType == "application/problem+json", $"{context}: HTTP {status} answered with '{mediaType}', not problem JSON.");
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()), $"{context}: problem without a title");
            return new ResponseVerdict(response.StatusCode, null);
        }

        Assert.True(status == 200, $"{context}: unexpected HTTP {status}");
        Assert.Equal("text/event-stream", mediaType);
        var text = Encoding.UTF8.GetString(body);
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);

        var verifier = new EventSequenceVerifier();
        BaseEvent? last = null;
        foreach (var frame in text[..^2].Split("\n\n"))
        {
            if (frame.StartsWith(':'))
            {
                continue;
            }

            Assert.True(frame.StartsWith("data: ", StringComparison.Ordinal) && !frame.Contains('\n'), $"{context}: malformed SSE frame '{frame}'");
            var agUiEvent = JsonSerializer.Deserialize(frame.AsSpan(6), AgUiJsonContext.Default.BaseEvent);
            Assert.NotNull(agUiEvent);
            var violation = verifier.Accept(agUiEvent);
            Assert.True(violation is null, $"{context}: {violation}");
            last = agUiEvent;
        }

        Assert.True(verifier.IsTerminated, $"{context}: the stream ended with {last?.Type ?? "no event"}, not RUN_FINISHED or RUN_ERROR");
        Assert.True(last is RunFinishedEvent or RunErrorEvent, $"{context}: last event {last?.Type}");
        return new ResponseVerdict(response.StatusCode, last);
    }
}
