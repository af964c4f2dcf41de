using System.ComponentModel;
using System.Text.Json;
using AgUi.Runtime.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Runtime.Tests.Tools;

public sealed class BackendToolCatalogTests
{
    public enum Units
    {
        Metric,
        Imperial,
    }

    [DisplayName("forecast")]
    [Description("The weather forecast for a city.")]
    private static string Forecast([Description("The city")] string city, int days, Units units = Units.Metric, string? note = null) =>
        $"{city}: {days} days, {units}{(note is null ? string.Empty : $", {note}")}";

    private static BackendToolCatalog Catalog(params Delegate[] tools) => ToolKit.Catalog(TimeProvider.System, tools);

    [Fact]
    public void A_methods_schema_comes_from_its_parameters_and_descriptions()
    {
        var tool = Assert.Single(Catalog(Forecast).Tools);

        Assert.Equal(("forecast", "The weather forecast for a city."), (tool.Name, tool.Description));
        var schema = tool.JsonSchema;
        Assert.Equal(["city", "days"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var properties = schema.GetProperty("properties");
        Assert.Equal("The city", properties.GetProperty("city").GetProperty("description").GetString());
        Assert.Equal("integer", properties.GetProperty("days").GetProperty("type").GetString());
        Assert.Equal(["Metric", "Imperial"], properties.GetProperty("units").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("{\"city\":\"Oslo\",\"days\":2}", "Oslo: 2 days, Metric")]
    [InlineData("{\"city\":\"Oslo\",\"days\":2,\"units\":\"Imperial\",\"note\":\"windy\"}", "Oslo: 2 days, Imperial, windy")]
    [InlineData("{\"city\":\"Oslo\",\"days\":2,\"note\":null,\"unknown\":true}", "Oslo: 2 days, Metric")]
    public async Task Valid_arguments_are_bound_to_the_parameters(string arguments, string expected)
    {
        var call = await ToolKit.RunAsync(Catalog(Forecast), "forecast", arguments);

        Assert.Equal(expected, call.Result);
    }

    [Theory]
    [InlineData("{\"city\":", "not a JSON object")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("", "missing required argument 'city'")]
    [InlineData("{\"city\":\"Oslo\"}", "missing required argument 'days'")]
    [InlineData("{\"city\":null,\"days\":1}", "'city' must not be null")]
    [InlineData("{\"city\":\"Oslo\",\"days\":\"two\"}", "'days' must be an integer")]
    [InlineData("{\"city\":7,\"days\":1}", "'city' must be a string")]
    [InlineData("{\"city\":\"Oslo\",\"days\":1,\"units\":\"Kelvin\"}", "'units' must be one of \"Metric\", \"Imperial\"")]
    public async Task Arguments_that_do_not_fit_give_the_model_an_error_saying_what_to_correct(string arguments, string expected)
    {
        var called = false;
        var tool = [DisplayName("forecast")] (string city, int days, Units units = Units.Metric) =>
        {
            called = true;
            return $"{city} {days} {units}";
        };

        var call = await ToolKit.RunAsync(Catalog(tool), "forecast", arguments);

        Assert.StartsWith("Error: the arguments of 'forecast'", call.Result, StringComparison.Ordinal);
        Assert.Contains(expected, call.Result, StringComparison.Ordinal);
        Assert.False(called);
    }

    [Fact]
    public async Task A_ToolException_message_reaches_the_model_and_any_other_failure_does_not()
    {
        var catalog = Catalog(
            [DisplayName("picky")] string () => throw new ToolException("Pick a city first."),
            [DisplayName("broken")] string () => throw new InvalidOperationException("connection string Password=hunter2"));

        var picky = await ToolKit.RunAsync(catalog, "picky", "{}");
        var broken = await ToolKit.RunAsync(catalog, "broken", "{}");

        Assert.Equal("Pick a city first.", picky.Result);
        Assert.Equal("Error: the tool 'broken' failed. The server log has the details.", broken.Result);
    }

    [Fact]
    public async Task A_call_to_a_tool_nobody_has_lists_the_tools_there_are()
    {
        var call = await ToolKit.RunAsync(Catalog(Forecast), "teleport", "{}");

        Assert.Equal("Error: there is no tool named 'teleport'. Available tools: forecast.", call.Result);
    }

    [Fact]
    public async Task Services_and_the_run_context_are_bound_by_type_and_left_out_of_the_schema()
    {
        var catalog = ToolKit.Catalog(TimeProvider.System, services => services.AddScoped<Greeter>(),
            [DisplayName("greet")] (string name, Greeter greeter, ToolContext context) => $"{greeter.Greet(name)} in {context.ThreadId} ({context.ToolCallId})");

        var schema = Assert.Single(catalog.Tools).JsonSchema;
        var call = await ToolKit.RunAsync(catalog, "greet", "{\"name\":\"Ada\"}");

        Assert.Equal(["name"], schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("Hello, Ada in thread-1 (call_1)", call.Result);
    }

    [Fact]
    public async Task Results_other_than_strings_reach_the_model_as_compact_camel_case_json()
    {
        var catalog = Catalog([DisplayName("pair")] () => new { FirstName = "Ada", Year = 1815 }, [DisplayName("nothing")] () => { });

        Assert.Equal("{\"firstName\":\"Ada\",\"year\":1815}", (await ToolKit.RunAsync(catalog, "pair", "{}")).Result);
        Assert.Equal(string.Empty, (await ToolKit.RunAsync(catalog, "nothing", "{}")).Result);
    }

    [Fact]
    public void Names_the_model_api_refuses_and_names_used_twice_stop_the_catalog_naming_each_source()
    {
        var twice = Assert.Throws<InvalidOperationException>(() => Catalog(Forecast, [DisplayName("forecast")] () => "again"));
        var spaced = Assert.Throws<InvalidOperationException>(() => Catalog([DisplayName("has space")] () => "x"));

        Assert.Contains("Two backend tools are named 'forecast'", twice.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Forecast), twice.Message, StringComparison.Ordinal);
        Assert.Contains("'has space'", spaced.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agent_limited_to_unknown_tools_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Catalog(Forecast).Select(["forecast", "teleport"], "AgUi:Agents:travel:Tools"));

        Assert.Contains("AgUi:Agents:travel:Tools names 'teleport'", error.Message, StringComparison.Ordinal);
        Assert.Equal(["forecast"], Catalog(Forecast).Select(["forecast"], "x").Tools.Select(t => t.Name));
    }

    private sealed class Greeter(TimeProvider clock)
    {
        public string Greet(string name) => clock.GetUtcNow().Year > 2000 ? $"Hello, {name}" : "Hello from the past";
    }
}
