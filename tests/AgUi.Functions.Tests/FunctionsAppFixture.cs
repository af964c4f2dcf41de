using System.Globalization;
using AgUi.Functions.HostStandIn;
using AgUi.Testing;

namespace AgUi.Functions.Tests;

/// <summary>
/// The built Functions app running as a worker behind the host stand-in, configured as in Azure but local: the
/// scripted model as an OpenAI-compatible endpoint, threads in a real Azurite, and a small body limit. The
/// tests of the collection share it and run one at a time.
/// </summary>
public sealed class FunctionsAppFixture : IAsyncLifetime
{
    public const int MaxRequestBodyBytes = 64 * 1024;

    private readonly AzuriteFixture azurite = new();

    public ScriptedModelServer Model { get; private set; } = null!;

    public FunctionsHostStandIn Host { get; private set; } = null!;

    /// <summary>The table the app keeps its threads in, unique to this run.</summary>
    public string ThreadTable { get; } = AzuriteFixture.UniqueTableName("functions");

    /// <summary>The app settings every worker of this fixture gets, as the host would pass them.</summary>
    public IReadOnlyDictionary<string, string> AppSettings => new Dictionary<string, string>
    {
        ["AgUi:Model:Provider"] = "OpenAICompatible",
        ["AgUi:Model:Endpoint"] = Model.BaseUrl.ToString(),
        ["AgUi:Model:Model"] = "scripted-model",
        ["AgUi:Model:MaxRetries"] = "0",
        ["AgUi:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture),
        ["ThreadStorage"] = azurite.ConnectionString,
        ["AgUi:Threads:TableName"] = ThreadTable,
        [$"AgUi:Agents:{NamedAgent}:SystemPrompt"] = NamedAgentPrompt,
    };

    /// <summary>A named agent from settings, served by the <c>agents</c> trigger.</summary>
    public const string NamedAgent = "travel";

    public const string NamedAgentPrompt = "You plan trips.";

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        Model = await ScriptedModelServer.StartAsync();
        Host = await StartWorkerAsync();
    }

    /// <summary>Another stand-in with its own worker process and the same settings.</summary>
    public Task<FunctionsHostStandIn> StartWorkerAsync() => FunctionsHostStandIn.StartAsync(FunctionsApp.Directory, AppSettings);

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Model is not null)
        {
            await Model.DisposeAsync();
        }

        await azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FunctionsAppTests : ICollectionFixture<FunctionsAppFixture>
{
    public const string Name = "Functions app behind the host stand-in";
}
