using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgUi.Protocol.Events;
using AgUi.Protocol.Input;
using AgUi.Protocol.Messages;
using AgUi.Runtime.Agents;
using AgUi.Runtime.Storage;
using AgUi.Runtime.Tests.Storage;
using AgUi.Testing;
using Microsoft.Extensions.Logging;

namespace AgUi.Runtime.Tests.Telemetry;

/// <summary>The thread store's side of a run: its Azure SDK spans under the run span, and its failures in the log and on the span.</summary>
[Collection(AzuriteTests.Name)]
public sealed class RunFailureTelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_Table_requests_of_a_run_are_Azure_SDK_spans_under_the_run_span_each_with_one_HTTP_span()
    {
        var capture = new TelemetryCapture();
        await using var host = await AgUiTestHost.StartAsync(o =>
        {
            o.Settings[ThreadStorageConnection.Name] = azurite.ConnectionString;
            o.Settings["AgUi:Threads:TableName"] = AzuriteFixture.UniqueTableName("spans");
            o.ConfigureServices = capture.Register;
        });
        var input = Input();

        Assert.IsType<RunFinishedEvent>((await host.RunAsync(input)).Events[^1]);

        var run = capture.RunSpan(input.RunId);
        var storage = capture.ChildrenOf(run).Where(s => s.Source.Name.StartsWith("Azure.Data.Tables", StringComparison.Ordinal)).ToList();
        Assert.Contains(storage, s => s.DisplayName == "TableClient.Query");
        Assert.Contains(storage, s => s.DisplayName == "TableClient.SubmitTransaction");
        Assert.All(storage, s =>
        {
            Assert.Equal(ActivityKind.Internal, s.Kind);
            var http = capture.ChildrenOf(s);
            Assert.NotEmpty(http);
            // One span per HTTP request: the Azure SDK's, without HttpClient's copy of it beneath.
            Assert.All(http, h => Assert.Equal("Azure.Core.Http", h.Source.Name));
            Assert.All(http, h => Assert.Empty(capture.ChildrenOf(h)));
        });
    }

    [Fact]
    public async Task A_run_the_store_fails_logs_THREAD_STORE_UNAVAILABLE_and_the_exception_once_and_marks_its_span_failed()
    {
        var capture = new TelemetryCapture();
        await using var host = await AgUiTestHost.StartAsync(o =>
        {
            o.Settings[ThreadStorageConnection.Name] =
                $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};TableEndpoint=http://127.0.0.1:{ClosedPort()}/{AzuriteFixture.AccountName};";
            o.ConfigureServices = capture.Register;
        });
        var input = Input();

        Assert.Equal("THREAD_STORE_UNAVAILABLE", Assert.IsType<RunErrorEvent>((await host.RunAsync(input)).Events[^1]).Code);

        var withException = host.Logs.Entries.Where(e => e.Exception is not null && Equals(e.ScopeValue("runId"), input.RunId)).ToList();
        var failure = Assert.Single(withException);
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.Equal("The run failed with THREAD_STORE_UNAVAILABLE.", failure.Message);
        Assert.Equal("THREAD_STORE_UNAVAILABLE", Assert.IsType<AgentRunException>(failure.Exception).Code);
        Assert.NotNull(failure.Exception.InnerException);

        var run = capture.RunSpan(input.RunId);
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        Assert.Equal("THREAD_STORE_UNAVAILABLE", run.GetTagItem("error.type"));
        Assert.Equal("error", run.GetTagItem("agui.run.outcome"));
    }

    private static RunAgentInput Input() => new()
    {
        ThreadId = $"thread-{Guid.NewGuid():N}",
        RunId = $"run-{Guid.NewGuid():N}",
        Messages = [new UserMessage { Id = "u1", Content = "Hello" }],
    };

    /// <summary>A loopback port nothing listens on: connections to it are refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
