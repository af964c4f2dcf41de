using AgUi.Testing;
using AgUi.Server.Playground;

namespace AgUi.Playground.Tests;

/// <summary>The standalone server with the playground on, serving the offline agent or the model agent over a scripted model.</summary>
internal static class PlaygroundHosts
{
    public static Task<AgUiTestHost> OfflineAsync(Action<AgUiTestHostOptions>? configure = null) => AgUiTestHost.StartAsync(options =>
    {
        options.Settings[PlaygroundEndpoints.EnabledSetting] = "true";
        configure?.Invoke(options);
    });

    public static Task<AgUiTestHost> WithModelAsync(ScriptedModelServer model, Action<AgUiTestHostOptions>? configure = null) => OfflineAsync(options =>
    {
        options.UseScriptedModel(model, "scripted-model");
        configure?.Invoke(options);
    });
}
