using System.Net;
using System.Text;
using AgUi.Testing;

namespace AgUi.Functions.Tests;

/// <summary>The endpoint's refusals, answered by the worker, reach the client through the host's forwarder as problem+json.</summary>
[Collection(FunctionsAppTests.Name)]
public sealed class RequestProblemTests(FunctionsAppFixture app)
{
    /// <summary>Far past the limit and past what the standalone host would drain of a refused body (1 MiB).</summary>
    private static readonly string OversizedBody = RunRequests.ToJson(RunRequests.UserSays(new string('a', 4 * 1024 * 1024)));

    [Fact]
    public async Task A_body_that_is_not_a_RunAgentInput_gets_400_naming_the_field()
    {
        using var response = await app.Host.Client.SendAsync(RunRequests.Create("""{"threadId":5,"runId":"r1","messages":[]}"""));

        var problem = await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("$.threadId", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_Accept_without_text_event_stream_gets_406()
    {
        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await app.Host.Client.SendAsync(request);

        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task A_body_over_the_limit_with_Content_Length_gets_413()
    {
        using var request = RunRequests.Create(OversizedBody);

        using var response = await app.Host.Client.SendAsync(request);

        Assert.True(request.Content!.Headers.ContentLength > FunctionsAppFixture.MaxRequestBodyBytes);
        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task A_body_over_the_limit_with_Content_Length_that_arrives_slowly_gets_413()
    {
        // Longer than the worker's server keeps reading an unread body after answering (Kestrel drains for 5 s).
        var body = Encoding.UTF8.GetBytes(RunRequests.ToJson(RunRequests.UserSays(new string('a', 1536 * 1024))));
        using var request = RunRequests.Create(new TricklingJsonContent(body, pieces: 24, pause: TimeSpan.FromMilliseconds(250)));

        using var response = await app.Host.Client.SendAsync(request);

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_413()
    {
        using var request = RunRequests.CreateChunked(OversizedBody);

        using var response = await app.Host.Client.SendAsync(request);

        Assert.Null(request.Content!.Headers.ContentLength);
        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415()
    {
        using var response = await app.Host.Client.SendAsync(RunRequests.Create(RunRequests.ToJson(RunRequests.UserSays("hi")), "text/plain"));

        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    /// <summary>A JSON body with a Content-Length, sent in pieces with a pause before each, as over a slow link.</summary>
    private sealed class TricklingJsonContent : HttpContent
    {
        private readonly byte[] body;
        private readonly int pieces;
        private readonly TimeSpan pause;

        public TricklingJsonContent(byte[] body, int pieces, TimeSpan pause)
        {
            this.body = body;
            this.pieces = pieces;
            this.pause = pause;
            Headers.ContentType = new("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var piece in body.Chunk((body.Length + pieces - 1) / pieces))
            {
                await Task.Delay(pause);
                await stream.WriteAsync(piece);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        var problem = await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"limit of {FunctionsAppFixture.MaxRequestBodyBytes} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
