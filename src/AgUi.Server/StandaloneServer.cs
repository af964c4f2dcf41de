using AgUi.Runtime.Hosting;
using AgUi.Server.Playground;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AgUi.Server;

/// <summary>
/// The standalone host's services and request pipeline. Program.cs and the in-process test host both
/// compose the app through these two methods, so the tests exercise the app users run.
/// </summary>
public static class StandaloneServer
{
    // Its request-starting and request-finished lines include the query string, where ?code= carries a function key.
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddFilter(RequestLogCategory, LogLevel.Warning);
        builder.Services.AddAgUi(builder.Configuration);
        builder.Services.AddAgUiTelemetry(builder.Configuration, otel => otel.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation()));
        builder.Services.AddFunctionKeyAuthentication(builder.Configuration);
        builder.Services.AddAgUiCors(builder.Configuration);
        builder.Services.AddHealthChecks();
    }

    public static void ConfigurePipeline(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCors();
        app.UsePlayground();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAgUi().RequireFunctionKey();
        app.MapHealthChecks("/healthz");
    }
}
