namespace AgUi.Reliability.Tests.HostileInput;

/// <summary>
/// Every generated hostile request gets a 4xx problem JSON or a valid stream that ends the run, never
/// a 5xx, and the server still streams a good request right after it.
/// </summary>
public sealed class HostileInputTests(AgUiTestHost host) : IClassFixture<AgUiTestHost>
{
    public static TheoryData<string> Names => new(HostileRequests.Cases.Keys);

    [Fact]
    public void TheSuiteHoldsAtLeast200Requests() => Assert.InRange(HostileRequests.Cases.Count, 200, int.MaxValue);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task HostileRequestIsAnsweredCleanly(string name)
    {
        var hostile = HostileRequests.Cases[name];
        using var request = hostile.Create();
        request.RequestUri = host.Endpoint;
        using var response = await host.Client.SendAsync(request);
        var verdict = await ResponseVerdict.ReadAsync(response, name);
        if (hostile.ExpectedStatus is { } expected)
        {
            Assert.Equal(expected, (int)verdict.Status);
        }

        using var good = HostileRequests.Valid();
        good.RequestUri = host.Endpoint;
        using var after = await host.Client.SendAsync(good);
        var afterVerdict = await ResponseVerdict.ReadAsync(after, $"good request after '{name}'");
        Assert.Equal(AgUi.Protocol.Events.EventTypes.RunFinished, afterVerdict.LastEventType);
    }
}
