using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Input;
using AgUi.Runtime.Tests.Model;
using AgUi.Runtime.Tools;
using AgUi.Testing;

namespace AgUi.Runtime.Tests.Tools;

public sealed class CurrentTimeToolTests
{
    private static readonly DateTimeOffset WinterUtc = new(2026, 1, 15, 8, 5, 9, TimeSpan.Zero);
    private static readonly DateTimeOffset SummerUtc = new(2026, 7, 15, 8, 5, 9, TimeSpan.Zero);

    private static async Task<ToolResult> InvokeAsync(DateTimeOffset now, string argumentsJson)
    {
        var tool = new CurrentTimeTool(new FixedTimeProvider(now));
        var input = new RunAgentInput { ThreadId = "t", RunId = "r", Messages = [] };
        var context = new ToolInvocationContext(input, "call_1", new RunStateHolder(null));
        return await tool.InvokeAsync(JsonDocument.Parse(argumentsJson).RootElement, context, CancellationToken.None);
    }

    [Theory]
    [InlineData("Europe/Paris", "2026-01-15T09:05:09+01:00", "+01:00", false)]
    [InlineData("America/New_York", "2026-01-15T03:05:09-05:00", "-05:00", false)]
    [InlineData("Asia/Kolkata", "2026-01-15T13:35:09+05:30", "+05:30", false)]
    [InlineData("UTC", "2026-01-15T08:05:09+00:00", "+00:00", false)]
    public async Task It_answers_the_local_time_with_offset_and_zone(string zone, string localTime, string offset, bool daylight)
    {
        var result = await InvokeAsync(WinterUtc, $$"""{"timeZone":"{{zone}}"}""");

        Assert.False(result.IsError);
        var answer = JsonNode.Parse(result.Content)!;
        Assert.Equal(zone, (string?)answer["timeZone"]);
        Assert.Equal(localTime, (string?)answer["localTime"]);
        Assert.Equal(offset, (string?)answer["utcOffset"]);
        Assert.Equal(daylight, (bool?)answer["isDaylightSavingTime"]);
        Assert.Equal("Thursday", (string?)answer["dayOfWeek"]);
    }

    [Fact]
    public async Task Daylight_saving_time_moves_the_offset()
    {
        var answer = JsonNode.Parse((await InvokeAsync(SummerUtc, """{"timeZone":"Europe/Paris"}""")).Content)!;

        Assert.Equal("2026-07-15T10:05:09+02:00", (string?)answer["localTime"]);
        Assert.True((bool?)answer["isDaylightSavingTime"]);
    }

    [Theory]
    [InlineData("""{"timeZone":"Mars/Olympus_Mons"}""", "Unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData("""{"timeZone":""}""", "non-empty string")]
    [InlineData("""{"timeZone":42}""", "non-empty string")]
    public async Task A_bad_zone_is_an_error_result_the_model_can_correct(string argumentsJson, string expected)
    {
        var result = await InvokeAsync(WinterUtc, argumentsJson);

        Assert.True(result.IsError);
        Assert.Contains(expected, result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_schema_requires_the_time_zone()
    {
        var tool = new CurrentTimeTool(TimeProvider.System);

        Assert.Equal("get_current_time", tool.Name);
        Assert.Equal("timeZone", tool.ParametersSchema.GetProperty("required")[0].GetString());
        Assert.Equal("string", tool.ParametersSchema.GetProperty("properties").GetProperty("timeZone").GetProperty("type").GetString());
    }
}
