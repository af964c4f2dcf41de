using System.Net;
using AgUi.Testing;

namespace AgUi.Runtime.Tests.Endpoint;

/// <summary>What the endpoint refuses before it starts a stream, and with which problem+json answer.</summary>
public sealed class RequestCheckTests
{
    private const int SmallBodyLimit = 1024;

    [Theory]
    [InlineData("{\"threadId\":", "$.threadId")]
    [InlineData("not json at all", "$")]
    [InlineData("""{"threadId":5,"runId":"r1","messages":[]}""", "$.threadId")]
    [InlineData("""{"threadId":"t1","runId":"r1","messages":{}}""", "$.messages")]
    [InlineData("""{"threadId":"t1","runId":"r1","messages":[{"id":"m1","role":"user","content":7}]}""", "$.messages[0].content")]
    [InlineData("""{"runId":"r1","messages":[]}""", "$.threadId")]
    [InlineData("""{"threadId":null,"runId":"r1","messages":[]}""", "$.threadId")]
    [InlineData("""{"ThreadId":"t1","messages":[]}""", "$.runId")]
    [InlineData("""{"threadId":"t1","runId":"r1"}""", "$.messages")]
    [InlineData("""{"threadId":"t1","runId":"r1","messages":[{"role":"user","content":"hi"}]}""", "$.messages[0].id")]
    [InlineData("""{"threadId":"","runId":"r1","messages":[]}""", "$.threadId")]
    [InlineData("""{"threadId":"t1","runId":"r1","messages":[{"id":"m1","role":"alien","content":"hi"}]}""", "$.messages[0]")]
    [InlineData("[]", "$")]
    public async Task Body_that_is_not_a_RunAgentInput_gets_400_naming_the_field(string body, string field)
    {
        await using var host = await AgUiTestHost.StartAsync();
        using var request = RunRequests.Create(body);
        using var response = await host.Client.SendAsync(request);

        var problem = await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Body_that_is_not_json_gets_415(string contentType)
    {
        await using var host = await AgUiTestHost.StartAsync();
        using var request = RunRequests.Create(RunRequests.ToJson(RunRequests.UserSays("hi")), contentType);
        using var response = await host.Client.SendAsync(request);

        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("application/json", HttpStatusCode.NotAcceptable)]
    [InlineData("text/html, application/xml;q=0.9", HttpStatusCode.NotAcceptable)]
    [InlineData("text/event-stream;q=0", HttpStatusCode.NotAcceptable)]
    [InlineData("text/event-stream", HttpStatusCode.OK)]
    [InlineData("*/*", HttpStatusCode.OK)]
    [InlineData("text/*", HttpStatusCode.OK)]
    [InlineData("application/json, text/event-stream", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task Accept_is_negotiated(string? accept, HttpStatusCode expected)
    {
        await using var host = await AgUiTestHost.StartAsync();
        using var request = RunRequests.Create(RunRequests.UserSays("hi"));
        request.Headers.Accept.Clear();
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await host.Client.SendAsync(request);

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            await ProblemResponses.AssertProblemAsync(response, expected);
        }
    }

    [Fact]
    public async Task Body_over_the_limit_with_Content_Length_gets_413()
    {
        await using var host = await StartWithSmallLimitAsync();
        using var request = RunRequests.Create(OversizedBody());

        using var response = await host.Client.SendAsync(request);

        Assert.NotNull(request.Content!.Headers.ContentLength);
        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_gets_413()
    {
        await using var host = await StartWithSmallLimitAsync();
        using var request = RunRequests.CreateChunked(OversizedBody());

        using var response = await host.Client.SendAsync(request);

        await ProblemResponses.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_refused_body_that_does_not_end_is_read_no_further_than_the_drain_allowance()
    {
        const long cap = 256L * 1024 * 1024;
        await using var host = await StartWithSmallLimitAsync();
        var content = new EndlessBodyContent(cap);
        using var request = RunRequests.Create(content);
        request.Headers.TransferEncodingChunked = true;

        try
        {
            using var response = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The server stopped reading and closed the connection under the upload; what matters is where.
        }

        // The allowance is 1 MiB past the limit; socket buffers take a few MiB more before the sender stalls.
        Assert.True(content.BytesSent < 32 * 1024 * 1024, $"{content.BytesSent} bytes were sent before the server stopped reading.");
    }

    [Fact]
    public async Task Chunked_body_within_the_limit_is_served()
    {
        await using var host = await StartWithSmallLimitAsync();
        using var request = RunRequests.CreateChunked(RunRequests.ToJson(RunRequests.UserSays("short")));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("RUN_FINISHED", (await SseReader.ReadToEndAsync(response)).Events[^1].Type);
    }

    [Fact]
    public async Task Limit_above_the_servers_default_is_honoured()
    {
        const int kestrelDefaultLimit = 30_000_000;
        await using var host = await AgUiTestHost.StartAsync(o => o.Settings["AgUi:MaxRequestBodyBytes"] = "40000000");

        var run = await host.RunAsync(RunRequests.UserSays(new string('a', kestrelDefaultLimit + 1_000_000)));

        Assert.Equal("RUN_FINISHED", run.Events[^1].Type);
    }

    private static Task<AgUiTestHost> StartWithSmallLimitAsync() =>
        AgUiTestHost.StartAsync(o => o.Settings["AgUi:MaxRequestBodyBytes"] = SmallBodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The start of a RunAgentInput and then padding, sent as fast as the server takes it, up to a cap.</summary>
    private sealed class EndlessBodyContent : HttpContent
    {
        private readonly long cap;

        public EndlessBodyContent(long cap)
        {
            this.cap = cap;
            Headers.ContentType = new("application/json");
        }

        public long BytesSent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("{\"threadId\":\"t1\",\"runId\":\"r1\",\"messages\":[],\"padding\":\""u8.ToArray());
            var padding = new byte[64 * 1024];
            Array.Fill(padding, (byte)'a');
            while (BytesSent < cap)
            {
                await stream.WriteAsync(padding);
                BytesSent += padding.Length;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>A valid RunAgentInput, four times the limit, so only its size is wrong.</summary>
    private static string OversizedBody() => RunRequests.ToJson(RunRequests.UserSays(new string('a', 4 * SmallBodyLimit)));
}
