namespace AgUi.Functions.Tests;

/// <summary>
/// The functions the worker reports to the host (from the functions.metadata the build wrote): the deployed
/// URL, the README and infra/ assume exactly these. A new trigger gets a row in <see cref="Expected"/>.
/// </summary>
[Collection(FunctionsAppTests.Name)]
public sealed class FunctionMetadataTests(FunctionsAppFixture app)
{
    private static readonly ExpectedFunction[] Expected =
    [
        new("agent", Route: "agent", Methods: ["post"], AuthLevel: "function"),
    ];

    [Fact]
    public void The_worker_reports_exactly_the_expected_HTTP_functions_with_their_route_methods_and_auth_level()
    {
        var reported = app.Host.Functions.Select(f => Describe(f.Name, f.Route, f.Methods, f.AuthLevel));

        Assert.Equal(Expected.Select(f => Describe(f.Name, f.Route, f.Methods, f.AuthLevel)).Order(), reported.Order());
    }

    private static string Describe(string name, string route, IEnumerable<string> methods, string authLevel) =>
        $"{name}: {string.Join(',', methods.Select(m => m.ToUpperInvariant()).Order())} /{route}, auth level {authLevel.ToUpperInvariant()}";

    private sealed record ExpectedFunction(string Name, string Route, string[] Methods, string AuthLevel);
}
